import Testing
@testable import ModelArtifact

@Suite struct DTypeTests {
    static let schemaNames = """
        BOOL U8 I8 U16 I16 F16 BF16 U32 I32 F32 U64 I64 F64 C64 C128 F8_E4M3 F8_E5M2 F8_E4M3FNUZ F8_E5M2FNUZ \
        F8_E8M0 F4 F6_E2M3 F6_E3M2 U4 I4 U2 I2 STRING RESOURCE VARIANT
        """.split(separator: " ").map(String.init)

    @Test func everyNamedTypeRoundTrips() throws {
        #expect(DType.named.map(\.name) == Self.schemaNames)
        #expect(Set(DType.named).count == DType.named.count)
        for type in DType.named {
            #expect(DType(name: type.name) == type)
            #expect(type.description == type.name)
        }
    }

    @Test func unknownNames() {
        for name in ["", "f32", "FLOAT", "F8_E4M3FN", "Q4_K", "BF16 ", " U8", "STR"] {
            #expect(DType(name: name) == nil, "\(name)")
        }
    }

    @Test func quantizedTypes() {
        let q = DType.quantized("Q4_K")
        #expect(q.name == "Q4_K")
        #expect(q.description == "Q4_K")
        #expect(q.bitWidth == nil)
        #expect(q.byteCount(elements: 256) == nil)
        #expect(q != .quantized("Q8_0"))
    }

    @Test func bitWidths() {
        let widths: [String: Int?] = [
            "BOOL": 8, "U8": 8, "I8": 8, "U16": 16, "I16": 16, "F16": 16, "BF16": 16, "U32": 32, "I32": 32,
            "F32": 32, "U64": 64, "I64": 64, "F64": 64, "C64": 64, "C128": 128, "F8_E4M3": 8, "F8_E5M2": 8,
            "F8_E4M3FNUZ": 8, "F8_E5M2FNUZ": 8, "F8_E8M0": 8, "F4": 4, "F6_E2M3": 6, "F6_E3M2": 6,
            "U4": 4, "I4": 4, "U2": 2, "I2": 2, "STRING": nil, "RESOURCE": nil, "VARIANT": nil,
        ]
        #expect(widths.count == DType.named.count)
        for type in DType.named {
            #expect(widths[type.name] == type.bitWidth, "\(type)")
        }
    }

    @Test func byteCounts() {
        #expect(DType.f32.byteCount(elements: 10) == 40)
        #expect(DType.bf16.byteCount(elements: 3) == 6)
        #expect(DType.c128.byteCount(elements: 2) == 32)
        #expect(DType.bool.byteCount(elements: 0) == 0)
        #expect(DType.u4.byteCount(elements: 3) == 2)
        #expect(DType.f4.byteCount(elements: 1) == 1)
        #expect(DType.f6e2m3.byteCount(elements: 4) == 3)
        #expect(DType.f6e3m2.byteCount(elements: 5) == 4)
        #expect(DType.i2.byteCount(elements: 5) == 2)
        #expect(DType.f32.byteCount(elements: -1) == nil)
        #expect(DType.string.byteCount(elements: 1) == nil)
    }

    @Test func byteCountOverflow() {
        #expect(DType.f64.byteCount(elements: .max) == nil)
        #expect(DType.f32.byteCount(elements: Int.max / 32 + 1) == nil)
        #expect(DType.f32.byteCount(elements: Int.max / 32) == Int.max / 32 * 4)
        #expect(DType.u8.byteCount(elements: .max / 8) == .max / 8)
    }

    /// Fixed: rounding bits up to bytes with `(total + 7) / 8` trapped when `total` was within 7 of `Int.max`.
    @Test func byteCountNearIntMaxDoesNotTrap() {
        #expect(DType.u2.byteCount(elements: .max / 2) == 1 << 60)
        #expect(DType.u4.byteCount(elements: .max / 4) == 1 << 60)
        #expect(DType.f6e2m3.byteCount(elements: .max / 6) == (Int.max / 6 * 6 - 1) / 8 + 1)
        #expect(DType.f6e2m3.byteCount(elements: .max / 6 + 1) == nil)
    }
}

@Suite struct DimensionTests {
    @Test func elementCounts() {
        #expect([Dimension]().elementCount == 1)
        #expect([Dimension](sizes: [2, 3, 4]).elementCount == 24)
        #expect([Dimension](sizes: [0, 5]).elementCount == 0)
        #expect([Dimension](sizes: [1 << 31, 1 << 31]).elementCount == 1 << 62)
    }

    @Test func elementCountUnknownOrNegative() {
        #expect([Dimension.unknown].elementCount == nil)
        #expect([.symbolic("batch"), .size(3)].elementCount == nil)
        #expect([.size(3), .unknown].elementCount == nil)
        #expect([.size(-1)].elementCount == nil)
        #expect([.size(0), .size(-1)].elementCount == nil)
    }

    @Test func elementCountOverflow() {
        #expect([Dimension.size(.max), .size(2)].elementCount == nil)
        #expect([Dimension](sizes: [1 << 32, 1 << 31]).elementCount == nil)
        #expect([Dimension](sizes: [1 << 21, 1 << 21, 1 << 21]).elementCount == nil)
        #expect([Dimension](sizes: [1 << 21, 1 << 21, 1 << 20]).elementCount == 1 << 62)
        #expect([Dimension](sizes: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
                                    3, 3, 3, 3, 3, 3, 3, 3, 3, 3]).elementCount == nil)
        #expect([Dimension.size(.max)].elementCount == Int(Int64.max))
    }

    @Test func jsonAndDescription() {
        #expect(Dimension.size(512).json == .int(512))
        #expect(Dimension.symbolic("batch").json == .string("batch"))
        #expect(Dimension.unknown.json == .null)
        #expect([Dimension.size(2), .symbolic("n"), .unknown].map(\.description) == ["2", "n", "?"])
    }
}

@Suite struct ModelFormatTests {
    @Test func rawValuesAreTheSchemaNames() {
        let names = "pt torchscript pt-legacy pt2 pickle onnx tflite synap ebg nbg safetensors gguf ggml npy npz zip hf-checkpoint unknown"
        #expect(ModelFormat.allCases.map(\.rawValue) == names.split(separator: " ").map(String.init))
        #expect(ModelFormat(rawValue: "pt-legacy") == .ptLegacy)
        #expect(ModelFormat(rawValue: "PT") == nil)
        #expect(ModelFormat.onnx.usualExtensions.contains("onnx"))
        #expect(ModelFormat.unknown.usualExtensions.isEmpty)
    }
}

@Suite struct FindingTests {
    @Test func severityOrder() {
        #expect(Severity.info < .warning && Severity.warning < .error)
        #expect(Severity.allCases.max() == .error)
        #expect(Severity.allCases.map(\.rawValue) == ["info", "warning", "error"])
    }

    @Test func json() {
        let finding = Finding(.error, "PT001", "pickle imports os.system", location: Finding.location("archive/data.pkl", 31))
        #expect(finding.json.objectValue?.keys == ["severity", "code", "message", "location"])
        #expect(finding.json.objectValue?["location"] == .string("archive/data.pkl@0x1f"))
        #expect(Finding(.info, "X1", "m").json == .object(["severity": .string("info"), "code": .string("X1"), "message": .string("m")]))
    }
}

@Suite struct ModelReportTests {
    static func fullReport() -> ModelReport {
        var report = ModelReport(path: "models/vad.onnx", format: .onnx, size: 2_313_101)
        report.formatVersion = "8"
        report.producer = (name: "pytorch", version: "2.3")
        report.opsets = [(domain: "", version: 16), (domain: "ai.onnx.ml", version: 3)]
        report.graphs = [GraphSummary(name: "main_graph",
                                      inputs: [ValueInfo(name: "input", dtype: .f32, shape: [.symbolic("batch"), .size(512)])],
                                      outputs: [ValueInfo(name: "output", dtype: .f32, shape: [.symbolic("batch"), .size(1)])],
                                      operators: [(name: "Conv", count: 4), (name: "Relu", count: 4)], nodeCount: 8)]
        report.tensors = [TensorInfo(name: "stft.forward_basis", dtype: .f32, shape: [.size(258), .size(1), .size(256)],
                                     offset: 1234, length: 264_192),
                          TensorInfo(name: "dyn", dtype: .f16, shape: [.unknown])]
        report.metadata = ["key": .string("value")]
        report.set(FunctionsSection())
        report.verdict = .safe
        report.findings = [Finding(.warning, "ONNX002", "something", location: "models/vad.onnx@0x10")]
        return report
    }

    @Test func keyOrder() throws {
        let object = try #require(Self.fullReport().json.objectValue)
        #expect(object.keys == ["schema", "path", "format", "size", "format_version", "producer", "opsets", "graphs",
                                "tensors", "tensor_count", "parameter_count", "metadata", "onnx", "verdict", "findings"])
        #expect(object["schema"] == .string("synap-tool.report/1"))
        #expect(object["format"] == .string("onnx"))
        #expect(object["size"] == .int(2_313_101))
        #expect(object["producer"] == .object(["name": .string("pytorch"), "version": .string("2.3")]))
        #expect(object["opsets"] == .object(["": .int(16), "ai.onnx.ml": .int(3)]))
        #expect(object["tensor_count"] == .int(2))
        #expect(object["parameter_count"] == .int(66048))
        #expect(object["findings"]?.arrayValue?.count == 1)
    }

    @Test func nilMembersAreLeftOut() throws {
        let report = ModelReport(path: "m.gguf", format: .gguf, size: 10)
        #expect(report.json == .object(["schema": .string("synap-tool.report/1"), "path": .string("m.gguf"),
                                        "format": .string("gguf"), "size": .int(10), "findings": .array([])]))
        #expect(report.tensorCount == nil)
        #expect(report.parameterCount == nil)
        #expect(report.worstSeverity == nil)
        var noVersion = report
        noVersion.producer = (name: "llama.cpp", version: nil)
        #expect(noVersion.json.objectValue?["producer"] == .object(["name": .string("llama.cpp")]))
        var empty = report
        empty.tensors = []
        #expect(empty.json.objectValue?["tensor_count"] == .int(0))
        #expect(empty.json.objectValue?["parameter_count"] == .int(0))
    }

    @Test func reportTextParsesBack() throws {
        let json = Self.fullReport().json
        #expect(try JSONParser.parse(bytes: Array(JSONWriter.string(json).utf8)) == json)
    }

    @Test func worstSeverity() {
        var report = ModelReport(path: "p", format: .pt, size: 1)
        report.findings = [Finding(.info, "A", "a"), Finding(.error, "B", "b"), Finding(.warning, "C", "c")]
        #expect(report.worstSeverity == .error)
    }

    /// Fixed: the sum wrapped (`&+`) into a negative count for shapes whose element counts add past `Int.max`.
    @Test func parameterCountOverflowIsNotFaked() throws {
        var report = ModelReport(path: "p", format: .safetensors, size: 1)
        let huge = TensorInfo(name: "a", dtype: .u8, shape: [.size(.max)])
        report.tensors = [huge, huge]
        #expect(report.parameterCount == nil)
        let object = try #require(report.json.objectValue)
        #expect(object["parameter_count"] == nil)
        #expect(object["tensor_count"] == .int(2))
        report.tensors = [huge]
        #expect(report.parameterCount == Int.max)
    }
}

@Suite struct TensorAndGraphJSONTests {
    @Test func tensorInfo() throws {
        let full = TensorInfo(name: "w", dtype: .bf16, shape: [.size(2), .symbolic("n"), .unknown], offset: 8, length: 16,
                              file: "model-00001.safetensors", graph: 0, extra: ["storage": .string("0")])
        #expect(full.json.objectValue?.keys == ["name", "dtype", "shape", "file", "offset", "length", "graph", "storage"])
        #expect(full.json.objectValue?["shape"] == .array([.int(2), .string("n"), .null]))
        #expect(full.elementCount == nil)
        let scalar = TensorInfo(name: "s", dtype: .f32, shape: [])
        #expect(scalar.json == .object(["name": .string("s"), "dtype": .string("F32"), "shape": .array([])]))
        #expect(scalar.elementCount == 1)
        #expect(TensorInfo(name: "q", dtype: .quantized("Q8_0"), shape: [.size(32)]).json.objectValue?["dtype"] == .string("Q8_0"))
    }

    @Test func valueInfo() {
        let sequence = ValueInfo(name: "seq", dtype: nil, shape: nil, type: "seq(tensor(float))")
        #expect(sequence.json == .object(["name": .string("seq"), "dtype": .null, "shape": .null,
                                          "type": .string("seq(tensor(float))")]))
        let tensor = ValueInfo(name: "x", dtype: .i64, shape: [.size(1)])
        #expect(tensor.json == .object(["name": .string("x"), "dtype": .string("I64"), "shape": .array([.int(1)])]))
    }

    @Test func graphSummary() {
        let graph = GraphSummary(name: "g", inputs: [], outputs: [], operators: [(name: "Add", count: 2)], nodeCount: 2,
                                 delegate: "npu", extra: ["index": .int(0)])
        #expect(graph.json.objectValue?.keys == ["name", "delegate", "inputs", "outputs", "operators", "node_count", "index"])
        #expect(graph.json.objectValue?["operators"] == .object(["Add": .int(2)]))
        #expect(GraphSummary().json == .object(["inputs": .array([]), "outputs": .array([])]))
        #expect(GraphSummary(nodeCount: 0).json.objectValue?["operators"] == .object([:]))
        #expect(graph == graph)
        #expect(graph != GraphSummary(name: "g", operators: [(name: "Add", count: 3)], nodeCount: 2, delegate: "npu",
                                      extra: ["index": .int(0)]))
    }
}

/// A format section as a reader would set one: `{"functions": []}` under `onnx`.
private struct FunctionsSection: ReportSection {
    static let key = "onnx"
    var json: JSONValue { .object(["functions": .array([])]) }
    func mapStrings(_ transform: (String) -> String) -> FunctionsSection { self }
}
