import Foundation

/// Writes shape-true safetensors checkpoints whose weights are holes: each shard is the 8-byte
/// header length and the JSON header the reference writer would produce (tensors sorted by name,
/// contiguous `data_offsets`, padded to 8 bytes), then `truncate` to its full size, so a 65 GB
/// checkpoint costs a few kilobytes of disk.
public enum SparseCheckpoint {
    /// One tensor to write.
    public struct Tensor: Sendable {
        public var name: String
        public var dtype: String
        public var shape: [Int64]
        /// Bytes of its data.
        public var byteLength: Int

        /// Creates a tensor description.
        public init(name: String, dtype: String, shape: [Int64], byteLength: Int) {
            self.name = name
            self.dtype = dtype
            self.shape = shape
            self.byteLength = byteLength
        }
    }

    /// Writes one sparse safetensors file of `tensors` at `path`; returns its data length.
    @discardableResult
    public static func writeShard(_ path: String, _ tensors: [Tensor], metadata: [String: String] = ["format": "pt"]) throws -> Int {
        var entries: [String] = []
        if !metadata.isEmpty {
            let members = metadata.sorted { $0.key < $1.key }.map { "\(quote($0.key)):\(quote($0.value))" }
            entries.append("\"__metadata__\":{\(members.joined(separator: ","))}")
        }
        var offset = 0
        for tensor in tensors.sorted(by: { $0.name < $1.name }) {
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            entries.append("\(quote(tensor.name)):{\"dtype\":\"\(tensor.dtype)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + tensor.byteLength)]}")
            offset += tensor.byteLength
        }
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        header += [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8)
        var bytes = withUnsafeBytes(of: UInt64(header.count).littleEndian) { Array($0) }
        bytes += header
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        guard truncate(path, off_t(bytes.count + offset)) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        return offset
    }

    /// The shard file names of a checkpoint of `count` shards, numbered from `first` (1, or 0 as
    /// gpt-oss publishes them): `model-00001-of-00004.safetensors` or `model-00000-of-00014.safetensors`.
    public static func shardNames(_ count: Int, first: Int = 1) -> [String] {
        let last = first + count - 1
        return (first...last).map { "model-\(pad($0))-of-\(pad(last)).safetensors" }
    }

    /// Writes a checkpoint folder: `tensors` split in order, evenly, into `shards` files (`shardNames`),
    /// `model.safetensors.index.json` mapping every tensor (unless `indexed` leaves some out),
    /// `config.json` (when given) and, when `tokenizer`, two small tokenizer files. Returns the weight map.
    @discardableResult
    public static func writeFolder(_ folder: String, _ tensors: [Tensor], shards: Int, firstShard: Int = 1,
                                   config: String?, tokenizer: Bool = true,
                                   indexed: (String) -> Bool = { _ in true }) throws -> [(tensor: String, shard: String)] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let names = shardNames(shards, first: firstShard)
        var weightMap: [(String, String)] = []
        var total = 0
        for (k, name) in names.enumerated() {
            let part = Array(tensors[k * tensors.count / shards..<(k + 1) * tensors.count / shards])
            let bytes = try writeShard(folder + "/" + name, part)
            if indexed(name) { total += bytes }
            weightMap += part.map { ($0.name, name) }
        }
        let listed = weightMap.filter { indexed($0.1) }
        let map = listed.map { "    \(quote($0.0)): \(quote($0.1))" }.joined(separator: ",\n")
        let index = "{\n  \"metadata\": {\"total_size\": \(total)},\n  \"weight_map\": {\n\(map)\n  }\n}\n"
        try Data(index.utf8).write(to: URL(fileURLWithPath: folder + "/model.safetensors.index.json"))
        if let config { try Data(config.utf8).write(to: URL(fileURLWithPath: folder + "/config.json")) }
        if tokenizer {
            try Data("{\"version\": \"1.0\", \"model\": {\"type\": \"BPE\"}}\n".utf8).write(to: URL(fileURLWithPath: folder + "/tokenizer.json"))
            try Data("{\"model_max_length\": 131072}\n".utf8).write(to: URL(fileURLWithPath: folder + "/tokenizer_config.json"))
        }
        return weightMap
    }

    private static func pad(_ n: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }

    private static func quote(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
