import ArgumentParser

/// `synap-tool convert INPUT --to safetensors OUTPUT` and the other spellings from before the
/// subcommands (`--reshard`, `--external-data`, `--embed`, `--unbundle`, `--bundle`), kept for one
/// release: the same conversion as the subcommand, and a one-line note on stderr naming it.
/// `convert` runs this when no subcommand is named.
struct ConvertDeprecatedSpelling: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deprecated-spelling",
        abstract: "The spellings of convert before its subcommands, kept for one release.",
        usage: """
            synap-tool convert INPUT --to safetensors OUTPUT | --reshard SIZE OUTPUT | --external-data OUT | --embed OUT | --unbundle FOLDER
            synap-tool convert --bundle META [FILE…] -o OUTPUT
            """,
        discussion: """
            Each runs the subcommand that replaces it, after a note on stderr naming it: --to \
            safetensors is to-safetensors, --reshard SIZE is reshard --max-shard-size SIZE, and \
            --external-data, --embed, --unbundle and --bundle are the subcommands of those names, \
            with the option's value as the output (for bundle, the META).
            """,
        shouldDisplay: false)

    @Argument(help: ArgumentHelp("The model and, for --to and --reshard, the output (or give it with -o); for --bundle, the files the bundle holds.",
                                 valueName: "path"))
    var paths: [String] = []

    @Option(name: [.customShort("o"), .customLong("output")],
            help: ArgumentHelp("The output file (folder for --reshard).", valueName: "path"))
    var outputOption: String?

    @Option(name: .long, help: ArgumentHelp("Target format: safetensors.", valueName: "format"))
    var to: String?

    @OptionGroup var source: PyTorchSourceOptions

    @Option(name: .long, help: ArgumentHelp("Reshard safetensors into shards of at most SIZE (5GB, 500MiB).", valueName: "size"),
            transform: ShardSize.parse)
    var reshard: Int?

    @Option(name: .long, help: ArgumentHelp("ONNX: write OUT.onnx with large initializers moved to one external file.",
                                            valueName: "out.onnx"))
    var externalData: String?

    @OptionGroup var external: ExternalDataOptions

    @Option(name: .long, help: ArgumentHelp("ONNX: write OUT.onnx with every external initializer embedded (at most 2 GB).",
                                            valueName: "out.onnx"))
    var embed: String?

    @Option(name: .long, help: ArgumentHelp("SyNAP: extract a .synap bundle's files into FOLDER.", valueName: "folder"))
    var unbundle: String?

    @Option(name: .long, help: ArgumentHelp("SyNAP: bundle the files a bundle description names, or one model with its meta JSON (-o OUT.synap).",
                                            valueName: "meta.json"))
    var bundle: String?

    @OptionGroup var writing: ConvertWriteOptions

    /// The model converted (the first path; none for --bundle).
    private var input: String { bundle == nil ? paths.first ?? "" : "" }

    /// Where the result goes: -o, or the second path for --to and --reshard.
    private var output: String { outputOption ?? (bundle == nil && paths.count == 2 ? paths[1] : "") }

    func validate() throws {
        let actions = [to != nil, reshard != nil, externalData != nil, embed != nil, unbundle != nil, bundle != nil]
            .filter { $0 }.count
        guard actions == 1 else {
            throw ValidationError("say what to do, once: synap-tool convert to-safetensors, reshard, external-data, embed, unbundle or bundle (see synap-tool convert --help)")
        }
        if let to, to != "safetensors" { throw ValidationError("--to takes safetensors") }
        if bundle != nil {
            if outputOption == nil { throw ValidationError("give the bundle's path with -o OUT.synap") }
            return
        }
        guard !paths.isEmpty else { throw ValidationError("give the model to convert") }
        if to != nil || reshard != nil {
            guard paths.count + (outputOption == nil ? 0 : 1) == 2 else {
                throw ValidationError("give the model and one output path (second path or -o)")
            }
        } else if paths.count > 1 || outputOption != nil {
            throw ValidationError("the output is the option's value; give only the model")
        }
    }

    func run() throws {
        if let externalData {
            Self.deprecated("--external-data OUT", ConvertExternalData.self, "INPUT OUT [--threshold BYTES] [--location NAME]")
            try ConvertExternalData.externalize(input, to: externalData, external, writing)
        } else if let embed {
            Self.deprecated("--embed OUT", ConvertEmbed.self, "INPUT OUT")
            try ConvertEmbed.embed(input, to: embed, writing)
        } else if let unbundle {
            Self.deprecated("--unbundle FOLDER", ConvertUnbundle.self, "INPUT FOLDER")
            try ConvertUnbundle.unbundle(input, into: unbundle, writing)
        } else if let bundle {
            Self.deprecated("--bundle META", ConvertBundle.self, "META [FILE…] -o OUTPUT")
            try ConvertBundle.bundle(meta: bundle, files: paths, into: output, writing)
        } else if let reshard {
            Self.deprecated("--reshard SIZE", ConvertReshard.self, "INPUT OUTPUT --max-shard-size SIZE")
            try ConvertReshard.reshard(input, maxShardSize: reshard, into: output, writing)
        } else {
            Self.deprecated("--to safetensors", ConvertToSafetensors.self, "INPUT OUTPUT")
            try ConvertToSafetensors.convert(input, to: output, source, writing)
        }
    }

    /// The note on stderr: the old option, and the subcommand that replaces it with its operands.
    private static func deprecated(_ option: String, _ replacement: ParsableCommand.Type, _ operands: String) {
        let name = replacement.configuration.commandName ?? ""
        Console.error("warning: convert \(option) is deprecated and goes in the next release: use synap-tool convert \(name) \(operands)")
    }
}
