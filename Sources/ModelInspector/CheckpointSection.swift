import ModelArtifact

/// The report's `checkpoint` section: which of a checkpoint folder's files were read — its
/// `config.json`, its shard index, and each shard with its size and tensor count.
public struct CheckpointSection: ReportSection, Equatable {
    public static let key = "checkpoint"

    /// `config.json`, when the folder has one and it was read.
    public var config: String?
    /// The shard index read (`model.safetensors.index.json` or `pytorch_model.bin.index.json`), if any.
    public var index: String?
    /// The shards read, in name order.
    public var shards: [Shard] = []

    /// A shard read.
    public struct Shard: Sendable, Equatable {
        /// Its name in the folder.
        public var file: String
        public var size: Int
        public var tensorCount: Int
    }

    public var json: JSONValue {
        var o = JSONObject()
        if let config { o.append("config", .string(config)) }
        if let index { o.append("index", .string(index)) }
        o.append("shards", .array(shards.map { shard in
            var s = JSONObject()
            s.append("file", .string(shard.file))
            s.append("size", .int(Int64(shard.size)))
            s.append("tensor_count", .int(Int64(shard.tensorCount)))
            return .object(s)
        }))
        return .object(o)
    }

    public func mapStrings(_ transform: (String) -> String) -> CheckpointSection {
        var c = self
        c.config = config.mapStrings(transform)
        c.index = index.mapStrings(transform)
        c.shards = shards.map { Shard(file: transform($0.file), size: $0.size, tensorCount: $0.tensorCount) }
        return c
    }
}
