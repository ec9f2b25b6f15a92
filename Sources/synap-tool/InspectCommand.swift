import ArgumentParser
import ModelArtifact
import ModelInspector

/// `synap-tool inspect PATH`: what is inside a model file or checkpoint folder.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what is inside a model file or checkpoint folder, without running anything.",
        discussion: """
            Reads structure only (headers, tables, metadata), never the weights, so a 65 GB
            checkpoint inspects as fast as a small one. The human view summarises and lists the first
            tensors; --json prints the full report (schema synap-tool.report/1).
            """)

    @Argument(help: "A model file or a Hugging Face checkpoint folder.")
    var path: String

    @OptionGroup var output: OutputOptions

    @Flag(name: .long, help: "List every tensor in the human view.")
    var tensors = false

    @Option(name: .long, help: "How many tensors the human view lists (default 20).")
    var limit: Int?

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
        if tensors && limit != nil { throw ValidationError("--tensors and --limit exclude each other") }
    }

    func run() throws {
        let report = try ModelInspector.inspect(path: path)
        if output.json {
            Console.writeLine(JSONWriter.bytes(report.json))
        } else {
            print(ReportView(report: report, tensorLimit: tensors ? Int.max : (limit ?? 20)).render())
        }
        if output.failOn.fails(report.worstSeverity) { throw ToolExit.findings }
    }
}
