import ArgumentParser
import Conversion

/// `synap-tool convert to-safetensors MODEL OUTPUT`: a PyTorch checkpoint's tensors as one safetensors file.
struct ConvertToSafetensors: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "to-safetensors",
        abstract: "Write the tensors of a PyTorch checkpoint (torch.save, legacy or TorchScript) as one safetensors file.",
        discussion: """
            The pickle is read by the inert machine of inspect; nothing is executed. A pickle that \
            references globals outside torch.load(weights_only=True)'s allow-list is refused unless \
            each is named with --allow-global module.name. Tensors that share a storage are written \
            once per name (as safetensors' convert does), or refused with --no-clone.
            """)

    @OptionGroup var paths: ConvertPaths
    @OptionGroup var source: PyTorchSourceOptions
    @OptionGroup var writing: ConvertWriteOptions

    func run() throws {
        try Self.convert(paths.input, to: paths.output, source, writing)
    }

    /// The conversion (also what the deprecated `convert INPUT --to safetensors OUTPUT` runs).
    static func convert(_ input: String, to output: String, _ source: PyTorchSourceOptions, _ writing: ConvertWriteOptions) throws {
        let result = try writing.writing(from: input) {
            try PyTorchConversion.toSafetensors(input, output: output, options: source.options, writing: $0)
        }
        writing.report([result], "\(result.tensorCount) tensors, \(result.size) bytes; \(writing.proof)")
    }
}

/// What is read of a PyTorch checkpoint, and which globals beyond the allow-list are accepted.
struct PyTorchSourceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Convert only the tensors under this key of a checkpoint dict.", valueName: "key"))
    var key: String?

    @Option(name: .long, parsing: .singleValue,
            help: ArgumentHelp("Accept this global (module.name) beyond the allow-list; repeat for several.", valueName: "global"))
    var allowGlobal: [String] = []

    @Flag(name: .long, help: "Refuse tensors that share a storage instead of writing one copy per name.")
    var noClone = false

    /// The options as `Conversion` takes them.
    var options: PyTorchSource.Options { PyTorchSource.Options(key: key, allowGlobals: allowGlobal, noClone: noClone) }
}
