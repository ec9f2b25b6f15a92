import Foundation
import ModelArtifact
import Testing
import TestSupport
@testable import ONNXReader

/// What the report says of ONNX models: the main graph, initializers as byte ranges, the values
/// that are not tensors, subgraphs, functions, and the `onnx` section.
@Suite struct ONNXReportTests {
    typealias B = ONNXBuilder

    @Test func theMainGraphAndItsInitializers() throws {
        let bytes = B.model(opsets: [("", 17), ("ai.onnx.ml", 3)], graph: B.simpleGraph(
            initializers: [B.rawFloats("W", [2]), B.tensor("K", .int64, [3]) { $0.packed(ONNXSchema.Tensor.int64Data.rawValue, [1, 300, 2]) }],
            extraNodes: [B.node("ZipMap", ["Y"], ["P"], domain: "ai.onnx.ml")],
            inputs: [B.input("X", .float, ["batch", 2, nil]), B.input("W")]))
        let report = try B.read(bytes)
        #expect(report.formatVersion == "8")
        #expect(report.producer?.name == "tests" && report.producer?.version == "1")
        #expect(report.opsets?.map(\.domain) == ["", "ai.onnx.ml"])
        let graph = try #require(report.graphs?.first)
        #expect(graph.name == "g")
        // W names an initializer, so it is not an input the caller feeds.
        #expect(graph.inputs == [ValueInfo(name: "X", dtype: .f32, shape: [.symbolic("batch"), .size(2), .unknown])])
        #expect(graph.outputs == [ValueInfo(name: "Y", dtype: .f32, shape: [.size(2)])])
        #expect(graph.operators.map(\.name) == ["Add", "Relu", "ai.onnx.ml:ZipMap"])
        #expect(graph.nodeCount == 3)
        let tensors = try #require(report.tensors)
        #expect(tensors.map(\.name) == ["W", "K"])
        #expect(tensors.map(\.dtype) == [.f32, .i64])
        #expect(tensors[0].length == 8 && tensors[1].length == 4)
        // The ranges point at raw_data and at the packed int64_data run.
        #expect(Array(bytes[tensors[0].offset!..<tensors[0].offset! + 8]) == [UInt8](repeating: 0x3f, count: 8))
        #expect(Array(bytes[tensors[1].offset!..<tensors[1].offset! + 4]) == [0x01, 0xac, 0x02, 0x02])
        #expect(report.parameterCount == 5)
        #expect(report.onnx["initializer_inputs"] == .int(1))
        #expect(report.checker == "ok")
    }

    @Test func valuesThatAreNotTensors() throws {
        let f32 = B.tensorType(.float, [2])
        let sequence = B.wrapped(.sequenceType, f32)
        let optional = B.wrapped(.optionalType, sequence)
        let map = ProtoWriter.build { $0.message(ONNXSchema.TypeCase.mapType.rawValue) { m in
            m.int(ONNXSchema.MapType.keyType.rawValue, Int64(ONNXDataType.string.rawValue))
            m.bytes(ONNXSchema.MapType.valueType.rawValue, f32)
        } }
        let sparse = ProtoWriter.build { $0.message(ONNXSchema.TypeCase.sparseTensorType.rawValue) { s in
            s.int(ONNXSchema.TensorType.elemType.rawValue, 1)
        } }
        let opaque = ProtoWriter.build { $0.message(ONNXSchema.TypeCase.opaqueType.rawValue) { o in
            o.string(ONNXSchema.OpaqueType.domain.rawValue, "com.x")
            o.string(ONNXSchema.OpaqueType.name.rawValue, "Handle")
        } }
        let values = [("s", sequence), ("o", optional), ("m", map), ("sp", sparse), ("op", opaque)].map { B.value($0.0, $0.1) }
        let report = try B.read(B.model(graph: B.graph("g", nodes: [B.node("Identity", ["s"], ["t"])], inputs: values,
                                                       outputs: [B.value("t", sequence)])))
        let graph = try #require(report.graphs?.first)
        #expect(graph.inputs.allSatisfy { $0.dtype == nil && $0.shape == nil && $0.type == nil })
        let types = report.onnx["value_types"]?.arrayValue?.compactMap { $0.objectValue?["type"]?.stringValue }
        #expect(types == ["seq(tensor(float))", "optional(seq(tensor(float)))", "map(string,tensor(float))", "sparse_tensor(float)",
                          "opaque(com.x.Handle)", "seq(tensor(float))"])
        let kinds = report.onnx["value_types"]?.arrayValue?.compactMap { $0.objectValue?["kind"]?.stringValue }
        #expect(kinds == ["sequence_type", "optional_type", "map_type", "sparse_tensor_type", "opaque_type", "sequence_type"])
    }

    @Test func theFeaturesFixture() throws {
        let report = try ONNXReader.read(MappedFile(path: Fixtures.path("onnx/features.onnx")))
        #expect(report.checker == "ok" && report.findings.isEmpty)
        #expect(report.opsets?.count == 3)
        let graph = try #require(report.graphs?.first)
        #expect(graph.inputs.map(\.name) == ["X", "flag", "maybe"])
        #expect(graph.operators.map(\.name).contains("local.fn:Square"))
        #expect(report.tensors?.map(\.name) == ["B", "trip", "labels"])
        #expect(report.metadata?["purpose"] == .string("reader tests"))
        let onnx = report.onnx
        #expect(onnx["model_version"] == .int(5))
        #expect(onnx["domain"] == .string("org.synap.fixtures"))
        #expect(onnx["training_info"] == .int(1))
        let paths = onnx["subgraphs"]?.arrayValue?.compactMap { $0.objectValue?["path"]?.stringValue }
        #expect(paths == ["choose.else_branch", "choose.else_branch/else_loop.body", "choose.then_branch"])
        let function = try #require(onnx["functions"]?.arrayValue?.first?.objectValue)
        #expect(function["name"] == .string("Square") && function["domain"] == .string("local.fn"))
        let sparse = try #require(onnx["sparse_initializers"]?.arrayValue?.first?.objectValue)
        #expect(sparse["name"] == .string("S") && sparse["nnz"] == .int(2))
        #expect(sparse["shape"] == .array([.int(2), .int(3)]))
    }

    @Test func modelLevelFacts() throws {
        let bytes = B.model(metadata: [("author", "me")]) { m in
            m.int(Int(ONNXSchema.Model.modelVersion.rawValue), 3)
            m.string(Int(ONNXSchema.Model.docString.rawValue), "a model")
            m.string(Int(ONNXSchema.Model.domain.rawValue), "org.example")
            m.bytes(Int(ONNXSchema.Model.trainingInfo.rawValue), [])
            m.bytes(777, [1, 2, 3])   // an unknown field, skipped
        }
        let report = try B.read(bytes)
        #expect(report.metadata == ["author": .string("me")])
        #expect(report.onnx["model_version"] == .int(3))
        #expect(report.onnx["doc_string"] == .string("a model"))
        #expect(report.onnx["domain"] == .string("org.example"))
        #expect(report.onnx["training_info"] == .int(1))
    }

    @Test func aModelWithoutGraphIsReportedAndJudged() throws {
        let report = try B.read(B.model(graph: nil))
        #expect(report.graphs?.first?.nodeCount == 0)
        #expect(report.tensors == [])
        #expect(report.checker == "Field 'name' of 'graph' is required to be non-empty.")
    }

    @Test func largeTensorsGiveTheirPagesBackAndReadOn() throws {
        let scratch = try ScratchFolder("onnx-large")
        defer { scratch.remove() }
        let big = ONNXParser.releaseThreshold / 4 + 1
        let graph = B.simpleGraph(initializers: [B.rawFloats("W", [2]), B.rawFloats("big1", [Int64(big)]), B.rawFloats("big2", [Int64(big)]),
                                                 B.rawFloats("after", [3])])
        let bytes = B.model(graph: graph)
        let report = try ONNXReader.read(MappedFile(path: try scratch.write("large.onnx", bytes)))
        #expect(report.tensors?.map(\.name) == ["W", "big1", "big2", "after"])
        #expect(report.tensors?.map(\.length) == [8, 4 * big, 4 * big, 12])
        #expect(report.findings.isEmpty && report.checker == "ok")
        let after = try #require(report.tensors?.last?.offset)
        #expect(Array(bytes[after..<after + 12]) == [UInt8](repeating: 0x3f, count: 12))
    }

    @Test func theJSONHasTheReferenceMembers() throws {
        let report = try B.read(B.model())
        guard case .object(let json) = report.json else { Issue.record("not an object"); return }
        for key in ["schema", "format", "size", "format_version", "producer", "opsets", "graphs", "tensors", "tensor_count",
                    "parameter_count", "checker", "onnx", "findings"] {
            #expect(json[key] != nil, "\(key)")
        }
        #expect(json["format"] == .string("onnx"))
    }
}
