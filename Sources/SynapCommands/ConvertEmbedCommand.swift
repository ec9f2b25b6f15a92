import ArgumentParser
import Conversion

/// `synap-tool convert embed MODEL OUT.onnx`: an ONNX model with every external initializer inside it.
struct ConvertEmbed: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Write an ONNX model with every external initializer embedded (at most 2 GB).",
        discussion: """
            External data locations are resolved as onnx resolves them: no absolute path, no .., no \
            link out of the model's folder. A result over 2 GB is refused. A model without \
            external data, externalised and embedded again, is byte-identical to the original.
            """)

    @OptionGroup var paths: ConvertPaths
    @OptionGroup var writing: ConvertWriteOptions

    func run() throws {
        try Self.embed(paths.input, to: paths.output, writing)
    }

    /// The rewrite (also what the deprecated `convert INPUT --embed OUTPUT` runs).
    static func embed(_ input: String, to output: String, _ writing: ConvertWriteOptions) throws {
        let result = try writing.writing(from: input) { try ONNXExternalData.embed(input, output: output, options: $0) }
        writing.report([result], "\(result.tensorCount) initializers embedded; \(writing.proof)")
    }
}
