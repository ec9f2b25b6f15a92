import ModelArtifact
import Testing
@testable import TFLiteReader

/// What the report holds for small built models: graphs, weights, metadata and the `tflite` section.
@Suite struct TFLiteReportTests {
    static func report(_ builder: TFLiteBuilder, trailing: [UInt8] = []) throws -> ModelReport {
        try TFLiteReader.read(MappedFile(bytes: builder.bytes(trailing: trailing), name: "m.tflite"))
    }

    static func section(_ report: ModelReport) throws -> JSONObject {
        try #require(report.section(TFLiteSection.self)?.json.objectValue)
    }

    @Test func tinyModel() throws {
        let bytes = TFLiteBuilder.tiny().bytes()
        let file = MappedFile(bytes: bytes, name: "m.tflite")
        let report = try TFLiteReader.read(file)
        #expect(report.format == .tflite)
        #expect(report.size == bytes.count)
        #expect(report.formatVersion == "3")
        let graph = try #require(report.graphs?.first)
        #expect(graph.name == "main")
        #expect(graph.inputs == [ValueInfo(name: "serving_default_x:0", dtype: .f32, shape: [.unknown, .size(2)])])
        #expect(graph.outputs == [ValueInfo(name: "Identity", dtype: .f32, shape: [.unknown, .size(3)])])
        #expect(graph.operators.map(\.name) == ["FULLY_CONNECTED"] && graph.nodeCount == 1)
        let tensors = try #require(report.tensors)
        #expect(tensors.map(\.name) == ["dense/MatMul", "dense/BiasAdd"])
        #expect(tensors.map(\.length) == [24, 12])
        #expect(tensors.allSatisfy { $0.graph == 0 && $0.dtype == .f32 })
        #expect(report.parameterCount == 9)
        // Offsets point at the bytes themselves.
        let weights = try #require(tensors.first?.offset)
        #expect(bytes[weights..<(weights + 24)].allSatisfy { $0 == 1 })
        #expect(report.metadata == ["min_runtime_version": .string("16")])
        #expect(report.findings.isEmpty)
    }

    @Test func sectionHoldsCodesSignaturesAndMetadata() throws {
        let section = try Self.section(try Self.report(TFLiteBuilder.tiny()))
        #expect(section["version"] == .int(3))
        #expect(section["description"] == .string("MLIR Converted."))
        #expect(section["operator_codes"] == .array([.object(["name": .string("FULLY_CONNECTED"), "builtin_code": .int(9), "version": .int(1)])]))
        let metadata = try #require(section["metadata"]?.arrayValue?.first?.objectValue)
        #expect(metadata["text"] == .string("1.5.0") && metadata["size"] == .uint(16))
        let signature = try #require(section["signature_defs"]?.arrayValue?.first?.objectValue)
        #expect(signature["key"] == .string("serving_default") && signature["subgraph"] == .int(0))
        #expect(signature["inputs"] == .array([.object(["name": .string("x"), "tensor": .int(0), "tensor_name": .string("serving_default_x:0")])]))
        let buffers = try #require(section["buffers"]?.objectValue)
        #expect(buffers["count"] == .int(6) && buffers["with_data"] == .int(3) && buffers["inline_bytes"] == .uint(52))
    }

    @Test func operatorNamesUseTheLargerCodeAndCustomNames() throws {
        var b = TFLiteBuilder.tiny()
        b.opcodes = [(9, nil, 1), (32, "SignalWindow", 2), (150, nil, 1), (209, nil, 1)]
        b.graphs[0].ops = [0, 1, 1, 2, 3].map { TFLiteBuilder.Op(opcode: $0, inputs: [0], outputs: [3]) }
        let report = try Self.report(b)
        let graph = try #require(report.graphs?.first)
        #expect(graph.operators.map(\.name) == ["FULLY_CONNECTED", "CUSTOM:SignalWindow", "GELU", "STABLEHLO_CASE"])
        #expect(graph.operators.map(\.count) == [1, 2, 1, 1])
        #expect(graph.nodeCount == 5)
        let model = try TFLiteReader.parse(MappedFile(bytes: b.bytes(), name: "m"))
        #expect(model.operatorCodes[2].deprecatedBuiltinCode == 127 && model.operatorCodes[2].builtinCode == 150)
    }

    @Test func deprecatedByteAloneStillNamesTheOperator() throws {
        // Files written before schema 3a carry only the byte: builtin_code reads as its default 0.
        let code = TFLiteOperatorCode(deprecatedBuiltinCode: 3, extendedBuiltinCode: 0, customCode: nil, version: 1, position: 0)
        #expect(code.name == "CONV_2D")
        #expect(TFLiteOperatorCode(deprecatedBuiltinCode: 0, extendedBuiltinCode: 0, customCode: nil, version: 1, position: 0).name == "ADD")
        #expect(TFLiteOperatorCode(deprecatedBuiltinCode: 32, extendedBuiltinCode: 32, customCode: nil, version: 1, position: 0).name == "CUSTOM")
    }

    @Test func everyTensorTypeHasItsDType() throws {
        var b = TFLiteBuilder.tiny()
        let types = TFLiteSchema.tensorTypes
        b.graphs[0].tensors = types.indices.map { TFLiteBuilder.Tensor(name: types[$0].name, type: Int8($0), shape: [2]) }
        b.graphs[0].inputs = types.indices.map(Int32.init)
        b.graphs[0].outputs = []
        b.graphs[0].ops = []
        let inputs = try #require(try Self.report(b).graphs?.first?.inputs)
        #expect(inputs.map { $0.dtype?.name } == ["F32", "F16", "I32", "U8", "I64", "STRING", "BOOL", "I16", "C64", "I8",
                                                   "F64", "C128", "U64", "RESOURCE", "VARIANT", "U32", "U16", "I4", "BF16",
                                                   "I2", "U4", "F8_E4M3", "F8_E5M2"])
    }

    @Test func quantizationSparsityAndVariables() throws {
        var b = TFLiteBuilder.tiny()
        b.graphs[0].tensors[1].type = 9
        b.graphs[0].tensors[1].quantization = ([0.5, 0.25, 0.125], [0, 1, -1], 0)
        b.graphs[0].tensors[2].quantization = ((0..<20).map { Float($0) + 1 }, [Int64](repeating: 0, count: 20), 0)
        b.graphs[0].tensors[0].quantization = ([0.1], [-128], 0)
        b.graphs[0].tensors[3].isVariable = true
        b.graphs[0].tensors[2].sparse = true
        let report = try Self.report(b)
        #expect(report.tensors?.first?.dtype == .i8)
        let section = try Self.section(report)
        let list = try #require(section["quantization"]?.arrayValue)
        let quantized = list.compactMap(\.objectValue)
        #expect(quantized.map { $0["tensor"] } == [.int(0), .int(1), .int(2)])
        #expect(quantized[0]["scale"] == .array([.float(0.1)]) && quantized[0]["zero_point"] == .array([.int(-128)]))
        #expect(quantized[1]["scale"] == .array([.float(0.5), .float(0.25), .float(0.125)]))
        #expect(quantized[2]["channels"] == .int(20) && quantized[2]["scale_range"] == .array([.float(1), .float(20)]))
        #expect(quantized[2]["scale"] == nil)
        let sparse = try #require(section["sparse_tensors"]?.arrayValue?.first?.objectValue)
        #expect(sparse["name"] == .string("dense/BiasAdd") && sparse["dimensions"] == .array([.string("DENSE"), .string("SPARSE_CSR")]))
        #expect(section["variable_tensors"] == .array([.object(["graph": .int(0), "tensor": .int(3), "name": .string("Identity")])]))
    }

    @Test func offsetBuffersPointPastTheFlatBuffer() throws {
        var b = TFLiteBuilder.tiny()
        b.buffers[2] = .external(offset: 0, size: 0)
        let flat = b.bytes().count
        b.buffers[2] = .external(offset: UInt64(flat + 8), size: 24)
        let trailing = [UInt8](repeating: 0, count: 8) + [UInt8](repeating: 7, count: 24)
        let report = try Self.report(b, trailing: trailing)
        let weights = try #require(report.tensors?.first)
        #expect(weights.offset == flat + 8 && weights.length == 24)
        #expect(report.findings.isEmpty)
        let buffers = try #require(try Self.section(report)["buffers"]?.objectValue)
        #expect(buffers["offset_buffers"] == .int(1) && buffers["offset_bytes"] == .uint(24))
    }

    @Test func aModelInsideAnotherFileKeepsAbsoluteOffsets() throws {
        var b = TFLiteBuilder.tiny()
        b.buffers[2] = .external(offset: 0, size: 0)
        let inner = b.bytes()
        b.buffers[2] = .external(offset: UInt64(inner.count), size: 24)
        let model = b.bytes(trailing: [UInt8](repeating: 9, count: 24))
        let prefix = [UInt8](repeating: 0x55, count: 37)
        let file = MappedFile(bytes: prefix + model + [UInt8](repeating: 0xee, count: 100), name: "bundle.synap")
        let report = try TFLiteReader.read(file.reader(37..<(37 + model.count)))
        #expect(report.size == model.count && report.path == "bundle.synap")
        let tensors = try #require(report.tensors)
        #expect(tensors[0].offset == 37 + inner.count && tensors[0].length == 24)
        #expect(file.bytes[37 + inner.count] == 9)
        let bias = try #require(tensors[1].offset)
        #expect(file.bytes[bias] == 2 && bias > 37)
        #expect(report.findings.isEmpty)
        // The same model read alone gives the same offsets less the prefix.
        let alone = try TFLiteReader.read(MappedFile(bytes: model, name: "m"))
        #expect(alone.tensors?.map { $0.offset.map { $0 + 37 } } == tensors.map(\.offset))
    }

    @Test func modelsWithoutOptionalTablesStillReport() throws {
        var b = TFLiteBuilder()
        b.description = nil
        b.buffers = []
        b.graphs = [TFLiteBuilder.Graph(name: nil, tensors: [TFLiteBuilder.Tensor(name: "x", shape: [])], inputs: [0], outputs: [0], ops: [])]
        let report = try Self.report(b)
        #expect(report.graphs?.first?.name == nil)
        #expect(report.graphs?.first?.inputs == [ValueInfo(name: "x", dtype: .f32, shape: [])])
        #expect(report.tensors == [])
        #expect(report.metadata == nil)
        #expect(report.findings.isEmpty)
        #expect(try Self.section(report)["description"] == nil)
    }

    @Test func duplicateMetadataNamesKeepTheirFirstPlace() throws {
        var b = TFLiteBuilder.tiny()
        b.metadata = [("a", 2), ("b", 3), ("a", 5)]
        let metadata = try #require(try Self.report(b).metadata)
        #expect(metadata.keys == ["a", "b"])
        #expect(metadata["a"] == .string("16") && metadata["b"] == .string("12"))
    }
}
