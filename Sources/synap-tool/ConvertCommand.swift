import ArgumentParser
import Checksums
import Conversion
import ModelArtifact
import SystemSeam

/// `synap-tool convert INPUT …`: rewrite a model into another form, streaming, nothing executed.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert a model: PyTorch to safetensors, safetensors resharding, ONNX external data, SyNAP bundles.",
        discussion: """
            Every conversion streams (memory stays bounded whatever the model's size; file ranges are \
            copied file to file inside the kernel), writes to a temporary file beside the output and \
            renames it into place when complete, refuses to overwrite its input, re-reads the result \
            to check every tensor's name, dtype, shape and byte range (--verify: and every byte, \
            against the source), and prints the SHA-256 of each file written (as sha256sum prints it), \
            computed from the file read back as it was written.

              synap-tool convert model.pt --to safetensors model.safetensors [--key model_state]
              synap-tool convert CHECKPOINT_DIR --reshard 5GB OUT_DIR
              synap-tool convert model.onnx --external-data out.onnx [--threshold 1024] [--location NAME]
              synap-tool convert model.onnx --embed out.onnx
              synap-tool convert model.synap --unbundle FOLDER
              synap-tool convert --bundle bundle.json [FILE…] -o out.synap
              synap-tool convert --bundle model.json model.nb -o out.synap

            --bundle takes a bundle description (bundle.json, whose graph names each subgraph's model \
            and meta; the files are those given whose paths end with the names, else read beside \
            bundle.json), or one model's meta JSON (Inputs, Outputs) with that one model: a legacy \
            EBG/NBG .nb, a TFLite, ONNX or .vmfb model.

            A pickle that references globals outside torch.load(weights_only=True)'s allow-list is \
            refused unless each is named with --allow-global module.name; nothing is executed either way. \
            Tensors that share a storage are written once per name (as safetensors' convert does), \
            or refused with --no-clone.
            """)

    @Argument(help: ArgumentHelp("The model and, for --to and --reshard, the output (or give it with -o); for --bundle, the files the bundle holds.",
                                 valueName: "path"))
    var paths: [String] = []

    @Option(name: [.customShort("o"), .customLong("output")],
            help: ArgumentHelp("The output file (folder for --reshard).", valueName: "path"))
    var outputOption: String?

    @Option(name: .long, help: ArgumentHelp("Target format: safetensors.", valueName: "format"))
    var to: String?

    @Option(name: .long, help: ArgumentHelp("Convert only the tensors under this key of a checkpoint dict.", valueName: "key"))
    var key: String?

    @Option(name: .long, parsing: .singleValue,
            help: ArgumentHelp("Accept this global (module.name) beyond the allow-list; repeat for several.", valueName: "global"))
    var allowGlobal: [String] = []

    @Flag(name: .long, help: "Refuse tensors that share a storage instead of writing one copy per name.")
    var noClone = false

    @Option(name: .long, help: ArgumentHelp("Reshard safetensors into shards of at most SIZE (5GB, 500MiB).", valueName: "size"))
    var reshard: String?

    @Option(name: .long, help: ArgumentHelp("ONNX: write OUT.onnx with large initializers moved to one external file.",
                                            valueName: "out.onnx"))
    var externalData: String?

    @Option(name: .long, help: ArgumentHelp("With --external-data: move initializers of at least BYTES (default 1024).",
                                            valueName: "bytes"))
    var threshold: Int = 1024

    @Option(name: .long, help: ArgumentHelp("With --external-data: the external file's name (default OUT.onnx.data).",
                                            valueName: "name"))
    var location: String?

    @Option(name: .long, help: ArgumentHelp("ONNX: write OUT.onnx with every external initializer embedded (at most 2 GB).",
                                            valueName: "out.onnx"))
    var embed: String?

    @Option(name: .long, help: ArgumentHelp("SyNAP: extract a .synap bundle's files into FOLDER.", valueName: "folder"))
    var unbundle: String?

    @Option(name: .long, help: ArgumentHelp("SyNAP: bundle the files a bundle description names, or one model with its meta JSON (-o OUT.synap).",
                                            valueName: "meta.json"))
    var bundle: String?

    @Flag(name: .long, help: "fsync each output before renaming it into place (survives a power loss, not only a crash).")
    var fsync = false

    @Flag(name: .long, help: "Prove the result byte for byte: read every tensor back and compare it with the source.")
    var verify = false

    @Flag(name: .shortAndLong, help: "No progress line, even on a terminal.")
    var quiet = false

    /// The model converted (the first path; none for --bundle).
    private var input: String { bundle == nil ? paths.first ?? "" : "" }

    /// Where the result goes: -o, or the second path for --to and --reshard.
    private var output: String? { outputOption ?? (bundle == nil && paths.count == 2 ? paths[1] : nil) }

    func validate() throws {
        if let reshard, ByteSize.parse(reshard) == nil { throw ValidationError("--reshard takes a size such as 5GB or 500MiB") }
        let actions = [to != nil, reshard != nil, externalData != nil, embed != nil, unbundle != nil, bundle != nil]
            .filter { $0 }.count
        guard actions == 1 else {
            throw ValidationError("say what to do, once: --to safetensors, --reshard SIZE, --external-data OUT, --embed OUT, --unbundle DIR or --bundle META.json")
        }
        if let to, to != "safetensors" { throw ValidationError("--to takes safetensors") }
        if threshold < 0 { throw ValidationError("--threshold must be at least 0") }
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
        let meter = ChecksumProgress(total: Self.inputSize(bundle == nil ? input : ""))
        let bar = ProgressBar(meter, quiet: quiet)
        let writing = WriteOptions(fsync: fsync, verify: verify, progress: { meter.add($0) })
        defer { bar?.finish() }
        let proof = verify ? "every byte read back and equal" : "every entry re-read and in place"
        if let externalData {
            let written = try ONNXExternalData.externalize(input, output: externalData, threshold: threshold, location: location,
                                                           options: writing)
            bar?.finish()
            for file in written { print(ChecksumOutput.digestLine(file.sha256, file.path)) }
            Console.note("\(written[0].tensorCount) initializers moved out; \(proof)")
            return
        }
        if let embed {
            let result = try ONNXExternalData.embed(input, output: embed, options: writing)
            bar?.finish()
            print(ChecksumOutput.digestLine(result.sha256, result.path))
            Console.note("\(result.tensorCount) initializers embedded; \(proof)")
            return
        }
        if let unbundle {
            let files = try SyNAPBundles.unbundle(input, into: unbundle, options: writing)
            for file in files { print(ChecksumOutput.digestLine(file.sha256, file.path)) }
            Console.note("\(files.count) files extracted; every CRC checked")
            return
        }
        guard let output else { return }
        if let bundle {
            let result = try SyNAPBundles.bundle(meta: bundle, files: paths, output: output, options: writing)
            print(ChecksumOutput.digestLine(result.sha256, result.path))
            Console.note("\(result.tensorCount) entries stored; every entry read back and equal")
            return
        }
        if let reshard, let size = ByteSize.parse(reshard) {
            let result = try Resharding.reshard(input, maxShardSize: size, into: output, options: writing)
            bar?.finish()
            for shard in result.shards + [result.index].compactMap({ $0 }) { print(ChecksumOutput.digestLine(shard.sha256, shard.path)) }
            Console.note("\(result.shards.count) shard(s), \(result.totalSize) tensor bytes; \(proof)")
            return
        }
        let options = PyTorchSource.Options(key: key, allowGlobals: allowGlobal, noClone: noClone)
        let result = try PyTorchConversion.toSafetensors(input, output: output, options: options, writing: writing)
        bar?.finish()
        print(ChecksumOutput.digestLine(result.sha256, result.path))
        Console.note("\(result.tensorCount) tensors, \(result.size) bytes; \(proof)")
    }

    private static func inputSize(_ path: String) -> Int {
        guard !path.isEmpty else { return 0 }
        let status = FileStatus(path: path)
        if status.kind != .folder { return status.size }
        return ((try? Resharding.inputs(path)) ?? []).reduce(0) { total, file in total + FileStatus(path: file).size }
    }
}
