import ArgumentParser
import Conversion

/// `synap-tool convert external-data MODEL OUT.onnx`: an ONNX model with its large initializers in one external file.
struct ConvertExternalData: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "external-data",
        abstract: "Write an ONNX model with its large initializers moved to one external data file.",
        discussion: """
            Only the main graph's initializers change (raw_data becomes external_data with \
            location, offset and length); every other field is copied byte for byte. Offsets are \
            4096-aligned. Data that is external already moves into the new file too, so the output \
            stands on its own; when nothing moves, no data file is written.
            """)

    @OptionGroup var paths: ConvertPaths
    @OptionGroup var external: ExternalDataOptions
    @OptionGroup var writing: ConvertWriteOptions

    func run() throws {
        try Self.externalize(paths.input, to: paths.output, external, writing)
    }

    /// The rewrite (also what the deprecated `convert INPUT --external-data OUTPUT` runs).
    static func externalize(_ input: String, to output: String, _ external: ExternalDataOptions, _ writing: ConvertWriteOptions) throws {
        let written = try writing.writing(from: input) {
            try ONNXExternalData.externalize(input, output: output, threshold: external.threshold, location: external.location,
                                             options: $0)
        }
        writing.report(written, "\(written[0].tensorCount) initializers moved out; \(writing.proof)")
    }
}

/// Which initializers move out, and the name of the file they move to.
struct ExternalDataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Move initializers of at least BYTES.", valueName: "bytes"))
    var threshold: Int = 1024

    @Option(name: .long, help: ArgumentHelp("The external file's name (default OUTPUT's name + .data).", valueName: "name"))
    var location: String?

    func validate() throws {
        if threshold < 0 { throw ValidationError("--threshold must be at least 0") }
    }
}
