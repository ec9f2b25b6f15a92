import ArgumentParser
import Checksums
import Conversion

/// `synap-tool convert reshard INPUT OUT_DIR --max-shard-size SIZE`: safetensors in shards of at most SIZE.
struct ConvertReshard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reshard",
        abstract: "Reshard a safetensors file or checkpoint folder into shards of at most a size, with the index.",
        discussion: """
            Tensors are taken in order and packed greedily into shards of at most SIZE (a larger \
            tensor alone), named as Hugging Face names them (model-00001-of-00003.safetensors, or \
            model.safetensors when one is enough), with model.safetensors.index.json. OUTPUT is a \
            folder.
            """)

    @OptionGroup var paths: ConvertPaths

    @Option(name: .long, help: ArgumentHelp("The largest shard: 5GB, 500MiB, or bytes.", valueName: "size"),
            transform: ShardSize.parse)
    var maxShardSize: Int

    @OptionGroup var writing: ConvertWriteOptions

    func run() throws {
        try Self.reshard(paths.input, maxShardSize: maxShardSize, into: paths.output, writing)
    }

    /// The resharding (also what the deprecated `convert INPUT --reshard SIZE OUTPUT` runs).
    static func reshard(_ input: String, maxShardSize: Int, into output: String, _ writing: ConvertWriteOptions) throws {
        let result = try writing.writing(from: input) {
            try Resharding.reshard(input, maxShardSize: maxShardSize, into: output, options: $0)
        }
        writing.report(result.shards + [result.index].compactMap { $0 },
                       "\(result.shards.count) shard(s), \(result.totalSize) tensor bytes; \(writing.proof)")
    }
}

/// A shard size on the command line.
enum ShardSize {
    /// The bytes `text` names (5GB, 500MiB, 1024), or a usage error.
    static func parse(_ text: String) throws -> Int {
        guard let size = ByteSize.parse(text) else { throw ValidationError("give a size such as 5GB or 500MiB") }
        return size
    }
}
