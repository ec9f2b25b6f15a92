import ModelArtifact
import ONNXReader

/// ONNX external data, out and in, rewritten on the wire: only the main graph's initializers'
/// `TensorProto`s change (`raw_data` ⇄ `external_data` + `data_location`, in the same place
/// in the message); every other field is copied byte for byte.
public enum ONNXExternalData {
    /// The alignment of each tensor's offset in the external file.
    public static let alignment = 4096
    /// The largest model protobuf can hold (2 GB).
    public static let maxModelSize = Int(Int32.max)

    private typealias T = ONNXSchema.Tensor
    private static let graphField = Int(ONNXSchema.Model.graph.rawValue)
    private static let initializerField = ONNXSchema.Graph.initializer.rawValue

    /// Moves every main-graph initializer whose `raw_data` holds at least `threshold` bytes, and every
    /// one whose data is external already, into `location` (beside `output`), at 4096-aligned
    /// offsets. Returns the model and the data file written (none when nothing moved).
    public static func externalize(_ input: String, output: String, threshold: Int = 1024, location: String? = nil,
                                   options: WriteOptions = WriteOptions()) throws -> [ConversionResult] {
        try AtomicOutput.refuseOverwrite(output, inputs: [input])
        let name = location ?? (String(output.split(separator: "/").last ?? "model") + ".data")
        guard !name.isEmpty, !name.hasPrefix("/"), !name.split(separator: "/").contains(".."), !name.contains("\0") else {
            throw ArtifactError(file: output, offset: nil, rule: "convert-unsafe-location",
                                expected: "a relative location inside the model's folder", found: "'\(name)'")
        }
        let dataPath = FolderListing.folder(of: output) + name
        try AtomicOutput.refuseOverwrite(dataPath, inputs: [input, output])
        let file = try MappedFile(path: input)
        var sources = ExternalSources(modelPath: input)
        var data = ByteRope()
        var moved = 0
        let model = try rewrite(file) { tensor in
            let fields = try scan(file, tensor)
            // Data already external moves too: its location is relative to the input's folder,
            // which need not be the output's.
            let payload: (MappedFile, Range<Int>)
            if let external = fields.external {
                payload = try sources.bytes(of: external, tensorAt: tensor.lowerBound)
            } else if let raw = fields.raw, raw.range.count >= threshold {
                payload = (file, raw.range)
            } else {
                return nil
            }
            let offset = (data.count + alignment - 1) / alignment * alignment
            data.append([UInt8](repeating: 0, count: offset - data.count))
            data.append(payload.0, payload.1)
            moved += 1
            var entries = ByteRope()
            for (key, value) in [("location", name), ("offset", String(offset)), ("length", String(payload.1.count))] {
                var entry = ByteRope()
                entry.appendField(ONNXSchema.StringStringEntry.key.rawValue, key)
                entry.appendField(ONNXSchema.StringStringEntry.value.rawValue, value)
                entries.appendField(T.externalData.rawValue, entry)
            }
            entries.appendVarint(UInt64(T.dataLocation.rawValue) << 3)
            entries.appendVarint(UInt64(ONNXSchema.dataLocationExternal))
            return try replace(file, tensor, fields: [T.rawData.rawValue, T.dataLocation.rawValue, T.externalData.rawValue],
                               with: entries)
        }
        // Walking the protobuf mapped pages all over the file; the payloads are copied file to file.
        file.advise(.dontNeed)
        var written: [ConversionResult] = []
        if moved > 0 {
            let dataOut = try AtomicOutput(path: dataPath, inputs: sources.inputs, options: options)
            try data.write(to: dataOut)
            let dataSize = dataOut.written
            written.append(ConversionResult(path: dataPath, size: dataSize, sha256: try dataOut.commit(), tensorCount: moved))
        }
        let modelOut = try AtomicOutput(path: output, inputs: sources.inputs, options: options)
        try model.write(to: modelOut)
        let modelSize = modelOut.written
        written.insert(ConversionResult(path: output, size: modelSize, sha256: try modelOut.commit(), tensorCount: moved), at: 0)
        try ONNXProof.checkOrRemove(original: input, rewritten: output, written: written.map(\.path), bytes: options.verify)
        return written
    }

    /// Brings every main-graph initializer's external data back into `raw_data`; refuses a result over `limit` (2 GB).
    public static func embed(_ input: String, output: String, limit: Int = maxModelSize,
                             options: WriteOptions = WriteOptions()) throws -> ConversionResult {
        let file = try MappedFile(path: input)
        var sources = ExternalSources(modelPath: input)
        var moved = 0
        let model = try rewrite(file) { tensor in
            let fields = try scan(file, tensor)
            guard let external = fields.external else { return nil }
            let (source, range) = try sources.bytes(of: external, tensorAt: tensor.lowerBound)
            var raw = ByteRope()
            var payload = ByteRope()
            payload.append(source, range)
            raw.appendField(T.rawData.rawValue, payload)
            moved += 1
            return try replace(file, tensor, fields: [T.externalData.rawValue, T.dataLocation.rawValue], with: raw)
        }
        guard model.count <= limit else {
            throw ArtifactError(file: input, offset: nil, rule: "convert-embed-too-large",
                                expected: "a model of at most \(limit) bytes (protobuf's 2 GB limit)", found: "\(model.count) bytes")
        }
        file.advise(.dontNeed)
        let out = try AtomicOutput(path: output, inputs: sources.inputs, options: options)
        try model.write(to: out)
        let size = out.written
        let result = ConversionResult(path: output, size: size, sha256: try out.commit(), tensorCount: moved)
        try ONNXProof.checkOrRemove(original: input, rewritten: output, written: [output], bytes: options.verify)
        return result
    }

    /// The files a model's external data lies in, resolved as `ONNXExternalFiles` resolves them
    /// (inside the model's folder, no links out) and mapped once each.
    private struct ExternalSources {
        private var files: ONNXExternalFiles
        private var mapped: [String: MappedFile] = [:]
        /// The model and every external file read: what the outputs must not overwrite.
        private(set) var inputs: [String]

        init(modelPath: String) {
            files = ONNXExternalFiles(modelPath: modelPath)
            inputs = [modelPath]
        }

        /// The bytes an initializer's `external_data` names; `tensorAt` locates it for errors.
        mutating func bytes(of external: (location: String, offset: Int, length: Int?), tensorAt: Int) throws -> (MappedFile, Range<Int>) {
            guard case .file(let path, let size) = files.resolve(external.location) else {
                throw ArtifactError(file: inputs[0], offset: tensorAt, rule: "convert-bad-external-location",
                                    expected: "a regular file inside the model's folder", found: "'\(external.location)'")
            }
            let source = try mapped[path] ?? MappedFile(path: path)
            mapped[path] = source
            if !inputs.contains(path) { inputs.append(path) }
            let length = external.length ?? (size - external.offset)
            let (end, overflow) = external.offset.addingReportingOverflow(length)
            guard !overflow, external.offset >= 0, length >= 0, end <= source.size else {
                throw ArtifactError(file: path, offset: external.offset, rule: "convert-external-out-of-bounds",
                                    expected: "\(length) bytes inside the \(source.size)-byte file", found: "offset \(external.offset)")
            }
            return (source, external.offset..<end)
        }
    }

    /// The model rebuilt with each main-graph initializer passed through `tensor` (nil: unchanged).
    private static func rewrite(_ file: MappedFile, tensor: (Range<Int>) throws -> ByteRope?) throws -> ByteRope {
        var out = ByteRope()
        var model = ProtoReader(file)
        var graphs = 0
        while let field = try model.next() {
            guard field.number == graphField, field.wireType == .lengthDelimited else {
                out.append(file, field.key.offset..<field.range.upperBound)
                continue
            }
            graphs += 1
            var graph = ByteRope()
            var reader = try model.message(field, what: "graph")
            var release = ReleaseBehind(file)
            while let g = try reader.next() {
                release.reached(g.key.offset)
                if g.number == initializerField, g.wireType == .lengthDelimited, let changed = try tensor(g.range) {
                    graph.appendField(initializerField, changed)
                } else {
                    graph.append(file, g.key.offset..<g.range.upperBound)
                }
            }
            out.appendField(graphField, graph)
        }
        guard graphs > 0 else {
            throw ArtifactError(file: file.path, offset: 0, rule: "convert-not-onnx", expected: "a ModelProto with a graph",
                                found: "no graph field")
        }
        return out
    }

    /// What a `TensorProto` holds that matters here.
    private struct TensorFields {
        var raw: ProtoField?
        var external: (location: String, offset: Int, length: Int?)?
    }

    private static func scan(_ file: MappedFile, _ range: Range<Int>) throws -> TensorFields {
        var result = TensorFields()
        var reader = ProtoReader(file, range: range)
        var location: String?
        var offset = 0
        var length: Int?
        var isExternal = false
        while let field = try reader.next() {
            switch (field.number, field.wireType) {
            case (T.rawData.rawValue, .lengthDelimited): result.raw = field
            case (T.dataLocation.rawValue, .varint): isExternal = Int64(bitPattern: field.scalar) == ONNXSchema.dataLocationExternal
            case (T.externalData.rawValue, .lengthDelimited):
                var entry = try reader.message(field, what: "external_data")
                var key = "", value = ""
                while let e = try entry.next() {
                    if e.number == ONNXSchema.StringStringEntry.key.rawValue { key = try entry.string(e, what: "key") }
                    if e.number == ONNXSchema.StringStringEntry.value.rawValue { value = try entry.string(e, what: "value") }
                }
                switch key {
                case "location": location = value
                case "offset", "length":
                    guard let n = Int(value), n >= 0 else {
                        throw reader.error("convert-bad-external-data", expected: "a non-negative integer \(key)",
                                           found: "'\(value)'", at: field.key.offset)
                    }
                    if key == "offset" { offset = n } else { length = n }
                default: break
                }
            default: break
            }
        }
        if isExternal {
            guard let location else {
                throw reader.error("convert-bad-external-data", expected: "an external_data location", found: "none",
                                   at: range.lowerBound)
            }
            result.external = (location, offset, length)
        }
        return result
    }

    /// The tensor with the first of `fields` replaced by `replacement` and the others of `fields` left out.
    private static func replace(_ file: MappedFile, _ range: Range<Int>, fields: Set<Int>, with replacement: ByteRope) throws -> ByteRope {
        var out = ByteRope()
        var reader = ProtoReader(file, range: range)
        var placed = false
        while let field = try reader.next() {
            if fields.contains(field.number) {
                if !placed { out.append(replacement) }
                placed = true
            } else {
                out.append(file, field.key.offset..<field.range.upperBound)
            }
        }
        if !placed { out.append(replacement) }
        return out
    }
}
