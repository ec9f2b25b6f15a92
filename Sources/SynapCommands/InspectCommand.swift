import ArgumentParser
import ModelArtifact
import ModelInspector

/// `synap-tool inspect PATH`: what is inside a model file or checkpoint folder.
struct Inspect: ResultCommand, ReadsRemoteInputs {
    static let configuration = CommandConfiguration(
        abstract: "Show what is inside a model file or checkpoint folder, without running anything.",
        discussion: """
            Reads structure only (headers, tables, metadata), never the weights, so a 65 GB \
            checkpoint inspects as fast as a small one. The human view summarises and lists the first \
            tensors; --json prints the full report (schema synap-tool.report/1).
            """)

    @Argument(help: "Model files or Hugging Face checkpoint folders; s3://bucket/key, s3://bucket/prefix/ or https://… read remotely, by ranges.")
    var paths: [String]

    @OptionGroup var output: OutputOptions
    @OptionGroup var remote: RemoteOptions

    @Flag(name: .long, help: "List every tensor in the human view.")
    var tensors = false

    @Option(name: .long, help: "How many tensors the human view lists (default 20).")
    var limit: Int?

    var remoteInputs: [String] { paths.filter(Remote.isRemote) }

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
        if tensors && limit != nil { throw ValidationError("--tensors and --limit exclude each other") }
    }

    /// Each input in turn; a file that cannot be read is named on stderr and the others still
    /// inspected. With several inputs, `--json` prints an array of reports (one input: the report).
    func execute() throws -> CommandResult {
        var outcome = CommandResult(failOn: output.failOn)
        var reports: [JSONValue] = []
        for (index, path) in paths.enumerated() {
            let report: ModelReport
            do {
                report = Remote.isRemote(path) ? try Remote.backend(remote).inspect(path) : try ModelInspector.inspect(path: path)
            } catch let failure as ArtifactError {
                if paths.count == 1 { throw failure }
                Console.error(failure)
                outcome.unreadable += 1
                continue
            }
            outcome.meet(report.worstSeverity)
            if output.json {
                reports.append(report.json)
            } else {
                if index > 0 { print("") }
                print(ReportView(report: report, tensorLimit: tensors ? Int.max : (limit ?? 20)).render())
            }
        }
        if output.json, !reports.isEmpty || paths.count > 1 {
            Console.writeLine(JSONWriter.bytes(paths.count == 1 ? reports[0] : .array(reports)))
        }
        return outcome
    }
}
