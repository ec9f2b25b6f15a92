import ModelArtifact

/// Walks a TFLite FlatBuffer into a `TFLiteModel`, through the verified accessor: every table it
/// needs, no buffer bytes.
struct TFLiteModelParser {
    let fb: FlatBuffer
    /// The range of the file given to the parser (it may run past the FlatBuffer, into offset buffers).
    let range: Range<Int>
    private typealias S = TFLiteSchema

    init(file: MappedFile, range: Range<Int>, limits: FlatBufferLimits) {
        self.range = range.clamped(to: 0..<file.size)
        fb = FlatBuffer(file: file, range: self.range, limits: limits)
    }

    func parse() throws -> TFLiteModel {
        let root = try fb.root(identifier: S.identifier)
        let version = try fb.scalar(root, S.Model.version, default: UInt32(0))
        let description = try fb.string(root, S.Model.description)
        let codes = try tables(root, S.Model.operatorCodes, operatorCode)
        let subgraphs = try tables(root, S.Model.subgraphs, subgraph)
        let buffers = try tables(root, S.Model.buffers, buffer)
        var metadata = try tables(root, S.Model.metadata, metadataEntry)
        for i in metadata.indices where Int(metadata[i].buffer) < buffers.count {
            metadata[i].text = buffers[Int(metadata[i].buffer)].data.flatMap(text)
        }
        let signatures = try tables(root, S.Model.signatureDefs, signatureDef)
        let metadataBuffer = try fb.scalars(root, S.Model.metadataBuffer, as: Int32.self) ?? []
        return TFLiteModel(
            path: fb.file.path, range: range, version: version, description: description,
            operatorCodes: codes, subgraphs: subgraphs, buffers: buffers, metadata: metadata,
            signatureDefs: signatures, metadataBuffer: metadataBuffer,
            misaligned: (fb.misalignedCount, fb.firstMisaligned))
    }

    /// Every table of vector field `id` of `table`, each read by `read`.
    private func tables<T>(_ table: FlatBufferTable, _ id: Int, _ read: (FlatBufferTable) throws -> T) throws -> [T] {
        guard let vector = try fb.vector(table, id, elementSize: 4) else { return [] }
        var out: [T] = []
        out.reserveCapacity(vector.count)
        for i in 0..<vector.count {
            out.append(try read(try fb.table(in: vector, i)))
        }
        return out
    }

    private func int32s(_ table: FlatBufferTable, _ id: Int) throws -> [Int32] {
        try fb.scalars(table, id, as: Int32.self) ?? []
    }

    private func operatorCode(_ t: FlatBufferTable) throws -> TFLiteOperatorCode {
        TFLiteOperatorCode(
            deprecatedBuiltinCode: try fb.scalar(t, S.OperatorCode.deprecatedBuiltinCode, default: Int8(0)),
            extendedBuiltinCode: try fb.scalar(t, S.OperatorCode.builtinCode, default: Int32(0)),
            customCode: try fb.string(t, S.OperatorCode.customCode),
            version: try fb.scalar(t, S.OperatorCode.version, default: Int32(1)),
            position: t.position)
    }

    private func subgraph(_ t: FlatBufferTable) throws -> TFLiteSubgraph {
        TFLiteSubgraph(
            name: try fb.string(t, S.SubGraph.name),
            tensors: try tables(t, S.SubGraph.tensors, tensor),
            inputs: try int32s(t, S.SubGraph.inputs),
            outputs: try int32s(t, S.SubGraph.outputs),
            operators: try tables(t, S.SubGraph.operators, op),
            position: t.position)
    }

    private func tensor(_ t: FlatBufferTable) throws -> TFLiteTensor {
        TFLiteTensor(
            name: try fb.string(t, S.Tensor.name) ?? "",
            type: try fb.scalar(t, S.Tensor.type, default: Int8(0)),
            shape: try int32s(t, S.Tensor.shape),
            shapeSignature: try fb.scalars(t, S.Tensor.shapeSignature, as: Int32.self),
            buffer: try fb.scalar(t, S.Tensor.buffer, default: UInt32(0)),
            quantization: try fb.table(t, S.Tensor.quantization).map(quantization),
            isVariable: try fb.bool(t, S.Tensor.isVariable),
            sparsity: try fb.table(t, S.Tensor.sparsity).map(sparsity),
            hasRank: try fb.bool(t, S.Tensor.hasRank),
            position: t.position)
    }

    private func quantization(_ t: FlatBufferTable) throws -> TFLiteQuantization {
        typealias Q = S.Quantization
        var q = TFLiteQuantization(
            scale: try fb.series(t, Q.scale, as: UInt32.self) { Float(bitPattern: $0) } ?? .empty,
            zeroPoint: try fb.series(t, Q.zeroPoint, as: Int64.self) { $0 } ?? .empty,
            quantizedDimension: try fb.scalar(t, Q.quantizedDimension, default: Int32(0)),
            detailsType: 0, blockwise: nil, customLength: nil)
        let details = try fb.union(t, type: Q.detailsType, value: Q.details)
        q.detailsType = details.type
        if let table = details.table {
            switch details.type {
            case S.QuantizationDetails.blockwiseQuantization:
                typealias B = S.BlockwiseQuantization
                q.blockwise = .init(scales: try fb.scalar(table, B.scales, default: Int32(0)),
                                    zeroPoints: try fb.scalar(table, B.zeroPoints, default: Int32(0)),
                                    blockSize: try fb.scalar(table, B.blockSize, default: Int32(0)))
            case S.QuantizationDetails.customQuantization:
                q.customLength = try fb.vector(table, S.CustomQuantization.custom, elementSize: 1)?.count ?? 0
            default:
                break
            }
        }
        return q
    }

    private func sparsity(_ t: FlatBufferTable) throws -> TFLiteSparsity {
        TFLiteSparsity(
            traversalOrder: try int32s(t, S.Sparsity.traversalOrder),
            blockMap: try int32s(t, S.Sparsity.blockMap),
            dimensionFormats: try tables(t, S.Sparsity.dimMetadata) { try fb.scalar($0, S.DimensionMetadata.format, default: Int8(0)) })
    }

    private func op(_ t: FlatBufferTable) throws -> TFLiteOperator {
        TFLiteOperator(
            opcodeIndex: try fb.scalar(t, S.Operator.opcodeIndex, default: UInt32(0)),
            inputs: try int32s(t, S.Operator.inputs),
            outputs: try int32s(t, S.Operator.outputs),
            intermediates: try int32s(t, S.Operator.intermediates),
            position: t.position)
    }

    private func buffer(_ t: FlatBufferTable) throws -> TFLiteBuffer {
        let data = try fb.vector(t, S.Buffer.data, elementSize: 1)
        return TFLiteBuffer(
            data: data?.byteRange,
            offset: try fb.scalar(t, S.Buffer.offset, default: UInt64(0)),
            size: try fb.scalar(t, S.Buffer.size, default: UInt64(0)),
            position: t.position)
    }

    private func metadataEntry(_ t: FlatBufferTable) throws -> TFLiteMetadata {
        TFLiteMetadata(name: try fb.string(t, S.Metadata.name) ?? "",
                       buffer: try fb.scalar(t, S.Metadata.buffer, default: UInt32(0)), text: nil)
    }

    /// The bytes of `range` as text when they are at most 256 bytes of printable ASCII, NUL-padded.
    private func text(_ range: Range<Int>) -> String? {
        guard range.count <= 256 else { return nil }
        let raw = UnsafeRawBufferPointer(rebasing: fb.bytes[range])
        let body = raw.prefix { $0 != 0 }
        guard !body.isEmpty, body.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }),
              raw.dropFirst(body.count).allSatisfy({ $0 == 0 }) else { return nil }
        return String(decoding: body, as: UTF8.self)
    }

    private func signatureDef(_ t: FlatBufferTable) throws -> TFLiteSignatureDef {
        TFLiteSignatureDef(
            key: try fb.string(t, S.SignatureDef.signatureKey),
            subgraphIndex: try fb.scalar(t, S.SignatureDef.subgraphIndex, default: UInt32(0)),
            inputs: try tables(t, S.SignatureDef.inputs, tensorMap),
            outputs: try tables(t, S.SignatureDef.outputs, tensorMap))
    }

    private func tensorMap(_ t: FlatBufferTable) throws -> TFLiteTensorMap {
        TFLiteTensorMap(name: try fb.string(t, S.TensorMap.name),
                        tensorIndex: try fb.scalar(t, S.TensorMap.tensorIndex, default: UInt32(0)))
    }
}
