import ArgumentParser
import Checksums
import Conversion
import ModelArtifact

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `synap-tool convert INPUT …`: rewrite a model into another form, streaming, nothing executed.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert a model: PyTorch to safetensors, safetensors resharding, ONNX external data, SyNAP bundles.",
        discussion: """
            Every conversion streams (memory stays bounded whatever the model's size), writes to a
            temporary file beside the output and renames it into place when complete, refuses to
            overwrite its input, reads the result back to prove every tensor's bytes equal the
            source's, and prints the SHA-256 of each file written (as sha256sum prints it).

              synap-tool convert model.pt --to safetensors model.safetensors [--key model_state]
              synap-tool convert CHECKPOINT_DIR --reshard 5GB OUT_DIR
              synap-tool convert model.onnx --external-data out.onnx [--threshold 1024] [--location NAME]
              synap-tool convert model.onnx --embed out.onnx
              synap-tool convert model.synap --unbundle FOLDER
              synap-tool convert FOLDER --bundle out.synap       (FOLDER holds bundle.json)
              synap-tool convert model.nb --bundle out.synap [--meta model.json]

            A pickle that references globals outside torch.load(weights_only=True)'s allow-list is
            refused unless each is named with --allow-global module.name; nothing is executed either way.
            Tensors that share a storage are written once per name (as safetensors' convert does),
            or refused with --no-clone.
            """)

    @Argument(help: "The model file (or, for --reshard, a .safetensors file or checkpoint folder).")
    var input: String

    @Argument(help: "The output file (or folder for --reshard).")
    var output: String?

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

    @Option(name: .long, help: ArgumentHelp("SyNAP: bundle a folder with bundle.json, or a legacy .nb and its meta JSON, as OUT.synap.",
                                            valueName: "out.synap"))
    var bundle: String?

    @Option(name: .long, help: ArgumentHelp("With --bundle of a legacy .nb: its meta JSON (default: the .nb's name with .json).",
                                            valueName: "meta.json"))
    var meta: String?

    @Flag(name: .shortAndLong, help: "No progress line, even on a terminal.")
    var quiet = false

    func validate() throws {
        if let reshard, ByteSize.parse(reshard) == nil { throw ValidationError("--reshard takes a size such as 5GB or 500MiB") }
        let actions = [to != nil, reshard != nil, externalData != nil, embed != nil, unbundle != nil, bundle != nil]
            .filter { $0 }.count
        guard actions == 1 else {
            throw ValidationError("say what to do, once: --to safetensors, --reshard SIZE, --external-data OUT, --embed OUT, --unbundle DIR or --bundle OUT")
        }
        if let to, to != "safetensors" { throw ValidationError("--to takes safetensors") }
        if (to != nil || reshard != nil) && output == nil { throw ValidationError("give the output path") }
        if [externalData, embed, unbundle, bundle].contains(where: { $0 != nil }) && output != nil { throw ValidationError("the output is the option's value") }
        if threshold < 0 { throw ValidationError("--threshold must be at least 0") }
    }

    func run() throws {
        let meter = ChecksumProgress(total: Self.inputSize(input))
        let bar = ProgressBar(meter, quiet: quiet)
        var reported = 0
        let progress: (Int) -> Void = { done in
            meter.add(done - reported)
            reported = done
        }
        defer { bar?.finish() }
        if let externalData {
            let written = try ONNXExternalData.externalize(input, output: externalData, threshold: threshold, location: location,
                                                           progress: progress)
            bar?.finish()
            for file in written { print("\(file.sha256)  \(file.path)") }
            Console.note("\(written[0].tensorCount) initializers moved out; every initializer read back and equal")
            return
        }
        if let embed {
            let result = try ONNXExternalData.embed(input, output: embed, progress: progress)
            bar?.finish()
            print("\(result.sha256)  \(result.path)")
            Console.note("\(result.tensorCount) initializers embedded; every initializer read back and equal")
            return
        }
        if let unbundle {
            let files = try SyNAPBundles.unbundle(input, into: unbundle)
            for file in files { print("\(file.sha256)  \(file.path)") }
            Console.note("\(files.count) files extracted; every CRC checked")
            return
        }
        if let bundle {
            let result: ConversionResult
            if input.hasSuffix(".nb") {
                result = try SyNAPBundles.bundleLegacy(model: input, meta: meta ?? String(input.dropLast(3)) + ".json", output: bundle)
            } else {
                result = try SyNAPBundles.bundle(folder: input, output: bundle)
            }
            print("\(result.sha256)  \(result.path)")
            Console.note("\(result.tensorCount) entries stored; every entry read back and equal")
            return
        }
        guard let output else { return }
        if let reshard, let size = ByteSize.parse(reshard) {
            let result = try Resharding.reshard(input, maxShardSize: size, into: output, progress: progress)
            bar?.finish()
            for shard in result.shards + [result.index].compactMap({ $0 }) { print("\(shard.sha256)  \(shard.path)") }
            Console.note("\(result.shards.count) shard(s), \(result.totalSize) tensor bytes; every tensor read back and equal")
            return
        }
        let options = PyTorchSource.Options(key: key, allowGlobals: allowGlobal, noClone: noClone)
        let result = try PyTorchConversion.toSafetensors(input, output: output, options: options, progress: progress)
        bar?.finish()
        print("\(result.sha256)  \(result.path)")
        Console.note("\(result.tensorCount) tensors, \(result.size) bytes; every tensor read back and equal")
    }

    private static func inputSize(_ path: String) -> Int {
        var st = stat()
        guard stat(path, &st) == 0 else { return 0 }
        if st.st_mode & S_IFMT != S_IFDIR { return Int(st.st_size) }
        return ((try? Resharding.inputs(path)) ?? []).reduce(0) { total, file in
            var s = stat()
            return total + (stat(file, &s) == 0 ? Int(s.st_size) : 0)
        }
    }
}
