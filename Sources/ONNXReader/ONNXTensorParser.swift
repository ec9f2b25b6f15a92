import ModelArtifact

/// Parsing of the messages that describe values: `TensorProto` (where its data lies, without
/// reading it), `SparseTensorProto`, `ValueInfoProto`, `TypeProto` and `TensorShapeProto`.
extension ONNXParser {
    /// Data fields at least this long are given back to the kernel once passed (see `tensor`).
    static let releaseThreshold = 1 << 20

    /// A `TensorProto`. Once a tensor with a large data field has been read, the pages of its
    /// message are unmapped again (`MADV_DONTNEED`; the page cache keeps them): the kernel maps
    /// whole folios around each header read, and on a model of large embedded weights those
    /// would otherwise add up to tens of megabytes of resident memory.
    static func tensor(_ message: ProtoReader) throws -> ONNXTensor {
        let tensor = try tensorFields(message)
        if tensor.fields.values.contains(where: { ($0.range?.count ?? 0) >= releaseThreshold }) {
            message.file.advise(.dontNeed, range: message.bytes.range)
        }
        return tensor
    }

    private static func tensorFields(_ message: ProtoReader) throws -> ONNXTensor {
        try message.fold(ONNXTensor(offset: message.offset)) { tensor, field, reader in
            guard let known = ONNXSchema.Tensor(rawValue: field.number) else { return }
            switch known {
            case .dims: try reader.appendVarints(field, to: &tensor.dims, what: "dims")
            case .dataType: tensor.dataType = Int64(try reader.int32(field, what: "data_type"))
            case .name:
                tensor.name = try reader.string(field, what: "tensor name")
                tensor.nameRange = ONNXName(field.range)
            case .dataLocation: tensor.dataLocation = Int64(try reader.int32(field, what: "data_location"))
            case .externalData:
                try append(&tensor.externalData, entry(reader.message(field, what: "external_data")), field, reader)
            case .segment, .docString, .metadataProps:
                try reader.expect(field, .lengthDelimited, what: known.protoName)
            case .rawData:
                // A singular `bytes` field: the last occurrence wins.
                try reader.expect(field, .lengthDelimited, what: "raw_data")
                let previous = tensor.fields[.rawData]?.occurrences ?? 0
                tensor.fields[.rawData] = ONNXDataField(entries: field.range.count, occurrences: previous + 1,
                                                        range: field.range)
            case .stringData:
                try reader.expect(field, .lengthDelimited, what: "string_data")
                tensor.fields[.stringData] = merged(tensor.fields[.stringData], entries: 1, field)
            case .floatData, .int32Data, .int64Data, .doubleData, .uint64Data:
                let count = try reader.elementCount(field, element: known.elementWire!, what: known.protoName)
                tensor.fields[known] = merged(tensor.fields[known], entries: count, field)
            }
        }
    }

    /// A repeated field's running total after one more occurrence of `entries` values.
    private static func merged(_ previous: ONNXDataField?, entries: Int, _ field: ProtoField) -> ONNXDataField {
        guard var data = previous else {
            return ONNXDataField(entries: entries, occurrences: 1, range: field.range)
        }
        data.entries += entries
        data.occurrences += 1
        data.range = nil
        return data
    }

    static func sparseTensor(_ message: ProtoReader) throws -> ONNXSparseTensor {
        try message.fold(ONNXSparseTensor(offset: message.offset)) { sparse, field, reader in
            switch ONNXSchema.SparseTensor(rawValue: field.number) {
            case .values: sparse.values = try tensor(reader.message(field, what: "sparse values"))
            case .indices: sparse.indices = try tensor(reader.message(field, what: "sparse indices"))
            case .dims: try reader.appendVarints(field, to: &sparse.dims, what: "sparse dims")
            case nil: return
            }
        }
    }

    static func valueInfo(_ message: ProtoReader) throws -> ONNXValueInfo {
        try message.fold(ONNXValueInfo(offset: message.offset)) { info, field, reader in
            switch ONNXSchema.ValueInfo(rawValue: field.number) {
            case .name:
                info.name = try reader.string(field, what: "value name")
                info.nameRange = ONNXName(field.range)
            case .type: info.type = try type(reader.message(field, what: "value type"))
            case .docString, .metadataProps: try reader.expect(field, .lengthDelimited, what: "value_info field \(field.number)")
            case nil: return
            }
        }
    }

    /// A `TypeProto`; when several oneof cases appear, the last wins, as protobuf decides.
    static func type(_ message: ProtoReader) throws -> ONNXType {
        try message.fold(ONNXType.unset) { result, field, reader in
            guard let known = ONNXSchema.TypeCase(rawValue: field.number) else { return }
            switch known {
            case .tensorType, .sparseTensorType:
                let (elem, shape) = try tensorType(reader.message(field, what: known.protoName))
                result = known == .tensorType ? .tensor(elemType: elem, shape: shape) : .sparseTensor(elemType: elem, shape: shape)
            case .sequenceType, .optionalType:
                let element: ONNXType? = try reader.message(field, what: known.protoName).fold(nil) { element, sub, inner in
                    guard sub.number == ONNXSchema.ElementType.elemType.rawValue else { return }
                    element = try type(inner.message(sub, what: "elem_type"))
                }
                result = known == .sequenceType ? .sequence(element) : .optional(element)
            case .mapType:
                let (key, value) = try reader.message(field, what: "map_type").fold((Int64?.none, ONNXType?.none)) { map, sub, inner in
                    switch ONNXSchema.MapType(rawValue: sub.number) {
                    case .keyType: map.0 = Int64(try inner.int32(sub, what: "key_type"))
                    case .valueType: map.1 = try type(inner.message(sub, what: "value_type"))
                    case nil: return
                    }
                }
                result = .map(keyType: key, value: value)
            case .opaqueType:
                let (domain, name) = try reader.message(field, what: "opaque_type").fold(("", "")) { opaque, sub, inner in
                    switch ONNXSchema.OpaqueType(rawValue: sub.number) {
                    case .domain: opaque.0 = try inner.string(sub, what: "opaque domain")
                    case .name: opaque.1 = try inner.string(sub, what: "opaque name")
                    case nil: return
                    }
                }
                result = .opaque(domain: domain, name: name)
            case .denotation:
                try reader.expect(field, .lengthDelimited, what: "denotation")
            }
        }
    }

    /// `TypeProto.Tensor` / `TypeProto.SparseTensor`: the element type and the shape, each nil when absent.
    static func tensorType(_ message: ProtoReader) throws -> (Int64?, [ONNXDim]?) {
        try message.fold((Int64?.none, [ONNXDim]?.none)) { type, field, reader in
            switch ONNXSchema.TensorType(rawValue: field.number) {
            case .elemType: type.0 = Int64(try reader.int32(field, what: "elem_type"))
            case .shape:
                // Repeated shapes add up, in place: a hostile run of them stays linear and capped.
                var all = type.1 ?? []
                type.1 = nil
                try dims(reader.message(field, what: "shape"), into: &all)
                type.1 = all
            case nil: return
            }
        }
    }

    /// Appends the dimensions of a `TensorShapeProto` to `result`, within the repeated-field cap.
    static func dims(_ message: ProtoReader, into result: inout [ONNXDim]) throws {
        var reader = message
        while let field = try reader.next() {
            guard field.number == ONNXSchema.Shape.dim.rawValue else { continue }
            let dim = try reader.message(field, what: "dim").fold(ONNXDim.unknown) { dim, sub, inner in
                switch ONNXSchema.Dim(rawValue: sub.number) {
                case .dimValue: dim = .value(try inner.int64(sub, what: "dim_value"))
                case .dimParam: dim = .param(try inner.string(sub, what: "dim_param"))
                case .denotation: try inner.expect(sub, .lengthDelimited, what: "dim denotation")
                case nil: return
                }
            }
            try append(&result, dim, field, reader)
        }
    }
}
