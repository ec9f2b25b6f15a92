import ArgumentParser
import Conversion

/// `synap-tool convert bundle META.json [FILE…] -o OUT.synap`: a SyNAP bundle, as the toolkit writes it.
struct ConvertBundle: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Write a .synap bundle: the files a bundle description names, or one model with its meta JSON.",
        discussion: """
            META is a bundle description (bundle.json, whose graph names each subgraph's model and \
            meta; the files are those given whose paths end with the names, else read beside \
            bundle.json), or one model's meta JSON (Inputs, Outputs) with that one model: a legacy \
            EBG/NBG .nb, a TFLite, ONNX or .vmfb model. The bundle is written as the toolkit writes \
            it (stored entries, bundle.json first) and read back entry by entry.
            """)

    @Argument(help: ArgumentHelp("A bundle description (bundle.json) or one model's meta JSON.", valueName: "meta"))
    var meta: String

    @Argument(help: ArgumentHelp("The files the bundle holds (for a meta JSON, its one model).", valueName: "file"))
    var files: [String] = []

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("The bundle to write.", valueName: "out.synap"))
    var output: String

    @OptionGroup var writing: ConvertWriteOptions

    func run() throws {
        try Self.bundle(meta: meta, files: files, into: output, writing)
    }

    /// The bundling (also what the deprecated `convert --bundle META [FILE…] -o OUTPUT` runs).
    static func bundle(meta: String, files: [String], into output: String, _ writing: ConvertWriteOptions) throws {
        let result = try writing.writing(from: "") { try SyNAPBundles.bundle(meta: meta, files: files, output: output, options: $0) }
        writing.report([result], "\(result.tensorCount) entries stored; every entry read back and equal")
    }
}
