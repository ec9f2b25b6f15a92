import Foundation
import ModelArtifact
import Testing
import TestSupport
@testable import ONNXReader

/// Every checker-grade finding, each from a model that breaks exactly its rule, with the message
/// onnx's `checker.check_model` gives for it as the report's `checker` member.
@Suite struct ONNXCheckerTests {
    typealias B = ONNXBuilder

    /// One broken model: the finding code it must give and onnx checker's message (nil: a rule
    /// onnx's checker does not enforce, so `checker` stays `ok`).
    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        let code: String
        let checker: String?
        var description: String { name }
    }

    static let context = "\n\n==> Context: Bad node spec for node. Name: "
    static let f32 = ONNXDataType.float

    static func withInitializers(_ initializers: [[UInt8]], ir: Int64 = 8) -> [UInt8] {
        B.model(ir: ir, graph: B.simpleGraph(initializers: initializers))
    }

    static func withNode(_ node: [UInt8]) -> [UInt8] {
        B.model(graph: B.simpleGraph(extraNodes: [node]))
    }

    static func withInput(_ input: [UInt8]) -> [UInt8] {
        B.model(graph: B.simpleGraph(inputs: [input]))
    }

    static func function(_ name: String, domain: String?, outputs: [String], nodes: [[UInt8]] = [],
                         opsets: [(String, Int64)] = [("", 17)]) -> [UInt8] {
        typealias F = ONNXSchema.Function
        return ProtoWriter.build { f in
            f.string(F.name.rawValue, name)
            if let domain { f.string(F.domain.rawValue, domain) }
            f.string(F.input.rawValue, "a")
            for output in outputs { f.string(F.output.rawValue, output) }
            for node in nodes { f.bytes(F.node.rawValue, node) }
            for (d, v) in opsets {
                f.message(F.opsetImport.rawValue) { o in
                    if !d.isEmpty { o.string(ONNXSchema.OperatorSetId.domain.rawValue, d) }
                    o.int(ONNXSchema.OperatorSetId.version.rawValue, v)
                }
            }
        }
    }

    static func sparse(_ values: [UInt8], indices: [UInt8]?, dims: [Int64]) -> [UInt8] {
        ProtoWriter.build { s in
            s.bytes(ONNXSchema.SparseTensor.values.rawValue, values)
            if let indices { s.bytes(ONNXSchema.SparseTensor.indices.rawValue, indices) }
            s.packed(ONNXSchema.SparseTensor.dims.rawValue, dims)
        }
    }

    static let cases: [Case] = [
        Case(name: "ir_version missing", bytes: B.model(ir: nil), code: "ONNX001",
             checker: "The model does not have an ir_version set properly."),
        Case(name: "ir_version too new", bytes: B.model(ir: 99), code: "ONNX002",
             checker: "Your model ir_version 99 is higher than the checker's (\(FormatSignatures.onnxNewestIRVersion))."),
        Case(name: "no opset_import", bytes: B.model(opsets: []), code: "ONNX003",
             checker: "model with IR version >= 3 must specify opset_import for ONNX"),
        Case(name: "opset_import before IR 3", bytes: B.model(ir: 2, graph: B.graph("g", nodes: [B.node("Relu", ["X"], ["Y"])],
                                                                                        inputs: [B.input("X")], outputs: [B.input("Y")])),
             code: "ONNX003", checker: "model with IR version < 3 cannot have opset_import specified"),
        Case(name: "domain without opset", bytes: withNode(B.node("Foo", ["Y"], ["Z"], name: "custom", domain: "com.x")),
             code: "ONNX004", checker: "No opset import for domain 'com.x'" + context + "custom OpType: Foo"),
        Case(name: "function node domain without opset",
             bytes: B.model(opsets: [("", 17), ("local", 1)],
                            functions: [function("F", domain: "local", outputs: ["b"], nodes: [B.node("Bar", ["a"], ["b"], domain: "com.x")])]),
             code: "ONNX004", checker: "No Opset registered for domain com.x"),
        Case(name: "two inputs of one name", bytes: B.model(graph: B.simpleGraph(inputs: [B.input("X"), B.input("X")])),
             code: "ONNX005",
             checker: "Graph must be in single static assignment (SSA) form, however 'X' has been used as graph input names multiple times."),
        Case(name: "two initializers of one name", bytes: withInitializers([B.rawFloats("W", [2]), B.rawFloats("W", [2])]),
             code: "ONNX006", checker: "W initializer name is not unique"),
        Case(name: "sparse initializer named like a dense one",
             bytes: B.model(graph: B.graph("g", nodes: [B.node("Add", ["X", "W"], ["Y"])], inputs: [B.input("X")], outputs: [B.input("Y")],
                                           initializers: [B.rawFloats("W", [2])],
                                           sparse: [sparse(B.rawFloats("W", [1]), indices: nil, dims: [2])])),
             code: "ONNX006", checker: "W sparse initializer name is not unique across initializers and sparse_initializers"),
        Case(name: "input read before it is made",
             bytes: B.model(graph: B.graph("g", nodes: [B.node("Relu", ["Z"], ["Y"], name: "r")], inputs: [B.input("X")], outputs: [B.input("Y")])),
             code: "ONNX007",
             checker: "Nodes in a graph must be topologically sorted, however input 'Z' of node: \nname: r OpType: Relu\n is not output of any previous nodes."),
        Case(name: "subgraph reads an undefined name",
             bytes: withNode(B.node("If", ["Y"], ["Z"], name: "branch", attributes: [
                 B.graphAttribute("then_branch", B.graph("then", nodes: [B.node("Relu", ["Q"], ["T"], name: "inner")], outputs: [B.input("T")])),
             ])),
             code: "ONNX007",
             checker: "Nodes in a graph must be topologically sorted, however input 'Q' of node: \nname: inner OpType: Relu\n is not output of any previous nodes."
                + context + "branch OpType: If"),
        Case(name: "value produced twice", bytes: withNode(B.node("Relu", ["X"], ["Y"], name: "again")), code: "ONNX008",
             checker: "Graph must be in single static assignment (SSA) form, however 'Y' has been used as output names multiple times."),
        Case(name: "initializer not an input at IR 3", bytes: withInitializers([B.rawFloats("W", [2])], ir: 3), code: "ONNX009",
             checker: "W in initializer but not in graph input"),
        Case(name: "raw_data of the wrong size", bytes: withInitializers([B.rawFloats("W", [2], count: 3)]), code: "ONNX010", checker: nil),
        Case(name: "typed data of the wrong count",
             bytes: withInitializers([B.tensor("W", f32, [2]) { $0.packedFloats(ONNXSchema.Tensor.floatData.rawValue, [1, 2, 3]) }]),
             code: "ONNX010", checker: nil),
        Case(name: "data in two places",
             bytes: withInitializers([B.tensor("W", f32, [2]) { t in
                 t.packedFloats(ONNXSchema.Tensor.floatData.rawValue, [1, 2])
                 t.bytes(ONNXSchema.Tensor.rawData.rawValue, [UInt8](repeating: 0, count: 8))
             }]),
             code: "ONNX011", checker: "TensorProto (tensor name: W) should contain one and only one value field."),
        Case(name: "external and inline data",
             bytes: withInitializers([B.tensor("W", f32, [2]) { t in
                 t.bytes(ONNXSchema.Tensor.rawData.rawValue, [UInt8](repeating: 0, count: 8))
                 t.message(ONNXSchema.Tensor.externalData.rawValue) { e in
                     e.string(1, "location")
                     e.string(2, "w.bin")
                 }
                 t.int(ONNXSchema.Tensor.dataLocation.rawValue, 1)
             }]),
             code: "ONNX011",
             checker: "Data of TensorProto ( tensor name: W) is stored externally and should not have data field.raw_data"),
        Case(name: "STRING in raw_data",
             bytes: withInitializers([B.rawFloats("W", [2]), B.tensor("L", .string, [1]) { $0.bytes(ONNXSchema.Tensor.rawData.rawValue, [0x61]) }]),
             code: "ONNX012", checker: "STRING data (tensor name: L) should not be stored in raw_data field"),
        Case(name: "no data_type", bytes: withInitializers([B.tensor("W", nil, [2]) { $0.bytes(ONNXSchema.Tensor.rawData.rawValue, [0, 0]) }]),
             code: "ONNX013", checker: "Field 'data_type' of 'tensor' is required but missing."),
        Case(name: "UNDEFINED data_type",
             bytes: withInitializers([B.tensor("W", .undefined, [2]) { $0.bytes(ONNXSchema.Tensor.rawData.rawValue, [0, 0]) }]),
             code: "ONNX013", checker: "setting data_type field (tensor name: W) to UNDEFINED is not allowed"),
        Case(name: "unknown data_type",
             bytes: withInitializers([B.tensor("W", nil, [2]) { t in
                 t.int(ONNXSchema.Tensor.dataType.rawValue, 99)
                 t.packed(ONNXSchema.Tensor.int32Data.rawValue, [1, 2])
             }]),
             code: "ONNX013", checker: "Unrecognized data_type (tensor name: W): 99"),
        Case(name: "data in the wrong field",
             bytes: withInitializers([B.tensor("W", f32, [2]) { $0.packed(ONNXSchema.Tensor.int32Data.rawValue, [1, 2]) }]),
             code: "ONNX014", checker: "values of data_type '1' should be stored in field 'float_data' instead of 'int32_data'"),
        Case(name: "0 elements with data", bytes: withInitializers([B.rawFloats("W", [0], count: 1)]), code: "ONNX014",
             checker: "TensorProto (tensor name: W) is 0-element but contains data!"),
        Case(name: "no data", bytes: withInitializers([B.tensor("W", f32, [2])]), code: "ONNX014",
             checker: "TensorProto (tensor name: W) should contain one and only one value field."),
        Case(name: "external without location", bytes: withInitializers([B.external("W", f32, [2], [("offset", "0")])]), code: "ONNX015",
             checker: "TensorProto ( tensor name: W) is stored externally but doesn't have a location."),
        Case(name: "external absolute", bytes: withInitializers([B.external("W", f32, [2], [("location", "/etc/passwd")])]), code: "ONNX015",
             checker: "Location of external TensorProto ( tensor name: W) should be a relative path, but it is an absolute path: /etc/passwd"),
        Case(name: "external empty", bytes: withInitializers([B.external("W", f32, [2], [("location", "")])]), code: "ONNX015",
             checker: "Location of external TensorProto ( tensor name: W) should not be empty."),
        Case(name: "external climbs out", bytes: withInitializers([B.external("W", f32, [2], [("location", "a/../../w.bin")])]),
             code: "ONNX015",
             checker: "Data of TensorProto ( tensor name: W) should be file inside the , but the 'a/../../w.bin' points outside the directory"),
        Case(name: "external missing", bytes: withInitializers([B.external("W", f32, [2], [("location", "no-such-weights.bin")])]),
             code: "ONNX016",
             checker: "Data of TensorProto ( tensor name: W) should be stored in no-such-weights.bin, but it doesn't exist or is not accessible."),
        Case(name: "graph without name", bytes: B.model(graph: B.graph("", nodes: [B.node("Relu", ["X"], ["Y"])], inputs: [B.input("X")],
                                                                          outputs: [B.input("Y")])),
             code: "ONNX018", checker: "Field 'name' of 'graph' is required to be non-empty."),
        Case(name: "input without shape", bytes: withInput(B.input("X", .float, nil)), code: "ONNX018",
             checker: "Field 'shape' of 'type' is required but missing."),
        Case(name: "input without type", bytes: withInput(B.value("X", nil)), code: "ONNX018",
             checker: "Field 'type' of 'value_info' is required but missing."),
        Case(name: "input with an empty type", bytes: withInput(B.value("X", [])), code: "ONNX018",
             checker: "Unrecognized type value case (value_info name: X): 0"),
        Case(name: "sequence without element type", bytes: withInput(B.value("X", ProtoWriter.build { $0.bytes(4, []) })), code: "ONNX018",
             checker: "Field 'elem_type' of 'type' is required but missing."),
        Case(name: "node without op_type", bytes: withNode(B.node("", ["Y"], ["Z"], name: "n")), code: "ONNX018",
             checker: "Field 'op_type' of 'node' is required to be non-empty." + context + "n OpType: "),
        Case(name: "node without inputs and outputs", bytes: withNode(B.node("Constant", [], [], name: "k")), code: "ONNX018",
             checker: "NodeProto (name: k, type: Constant) has zero input and zero output." + context + "k OpType: Constant"),
        Case(name: "attribute twice",
             bytes: withNode(B.node("LeakyRelu", ["Y"], ["Z"], name: "lr", attributes: [
                 B.attribute("alpha", type: .float) { $0.fixed32(2, Float(0.1).bitPattern) },
                 B.attribute("alpha", type: .float) { $0.fixed32(2, Float(0.2).bitPattern) },
             ])),
             code: "ONNX018", checker: "Attribute 'alpha' appeared multiple times." + context + "lr OpType: LeakyRelu"),
        Case(name: "attribute type and value disagree",
             bytes: withNode(B.node("LeakyRelu", ["Y"], ["Z"], name: "lr", attributes: [
                 B.attribute("alpha", type: .int) { $0.fixed32(2, Float(0.1).bitPattern) },
             ])),
             code: "ONNX018", checker: "type field and data field mismatch in attribute alpha." + context + "lr OpType: LeakyRelu"),
        Case(name: "attribute with two values",
             bytes: B.model(ir: 1, opsets: [], graph: B.graph("g", nodes: [B.node("LeakyRelu", ["X"], ["Y"], name: "lr", attributes: [
                 B.attribute("alpha", type: nil) { a in
                     a.fixed32(2, Float(0.1).bitPattern)
                     a.int(3, 1)
                 },
             ])], inputs: [B.input("X")], outputs: [B.input("Y")])),
             code: "ONNX018", checker: "Attribute (name: alpha) should not contain more than one value field." + context + "lr OpType: LeakyRelu"),
        Case(name: "attribute without type", bytes: withNode(B.node("LeakyRelu", ["Y"], ["Z"], name: "lr", attributes: [
                 B.attribute("alpha", type: nil) { $0.fixed32(2, Float(0.1).bitPattern) },
             ])),
             code: "ONNX018", checker: "Field 'type' of 'attr' is required but missing." + context + "lr OpType: LeakyRelu"),
        Case(name: "function without domain", bytes: B.model(functions: [function("F", domain: nil, outputs: ["b"])]), code: "ONNX018",
             checker: "Field 'domain' of 'function' is required but missing."),
        Case(name: "metadata key twice", bytes: B.model(metadata: [("k", "1"), ("k", "2")]), code: "ONNX019",
             checker: "Your model has duplicate keys in metadata_props."),
        Case(name: "function repeats an output", bytes: B.model(functions: [function("F", domain: "local", outputs: ["b", "b"])]),
             code: "ONNX020", checker: "function (F) should not have duplicate outputs specified."),
        Case(name: "sparse values of rank 2",
             bytes: B.model(graph: B.graph("g", nodes: [B.node("Relu", ["X"], ["Y"])], inputs: [B.input("X")], outputs: [B.input("Y")],
                                           sparse: [sparse(B.rawFloats("S", [2, 1]), indices: nil, dims: [4])])),
             code: "ONNX021", checker: "Sparse tensor values (S) must have rank 1."),
        Case(name: "sparse values without indices",
             bytes: B.model(graph: B.graph("g", nodes: [B.node("Relu", ["X"], ["Y"])], inputs: [B.input("X")], outputs: [B.input("Y")],
                                           sparse: [sparse(B.rawFloats("S", [2]), indices: nil, dims: [4])])),
             code: "ONNX021", checker: "Sparse tensor (S) has no index values."),
    ]

    @Test(arguments: cases) func eachRuleGivesItsFindingAndMessage(_ item: Case) throws {
        let report = try B.read(item.bytes)
        #expect(report.codes.contains(item.code), "\(item): \(report.codes)")
        #expect(report.checker == (item.checker ?? "ok"))
        #expect(report.findings.allSatisfy { $0.severity == .error && $0.location != nil })
    }

    @Test func aValidModelHasNoFindingsAndCheckerOK() throws {
        let report = try B.read(B.model())
        #expect(report.findings.isEmpty)
        #expect(report.checker == "ok")
    }

    @Test func findingsOfOneCodeAreCapped() throws {
        let nodes = (0..<30).map { B.node("Relu", ["missing\($0)"], ["out\($0)"]) }
        let report = try B.read(B.model(graph: B.graph("g", nodes: nodes, inputs: [B.input("X")], outputs: [B.input("out0")])))
        #expect(report.codes.filter { $0 == "ONNX007" }.count == 21)
        #expect(report.findings.last?.message == "further ONNX007 findings left out")
    }

    /// With ONNX_CHECKER_CASES=DIR set, writes every case to DIR/<name>.onnx, so that onnx's own
    /// checker can be run over them to confirm the messages above.
    @Test func casesCanBeWrittenForOnnx() throws {
        guard let dir = ProcessInfo.processInfo.environment["ONNX_CHECKER_CASES"] else { return }
        for item in Self.cases {
            let name = item.name.replacingOccurrences(of: " ", with: "_")
            try Data(item.bytes).write(to: URL(fileURLWithPath: "\(dir)/\(name).onnx"))
            try Data((item.checker ?? "ok").utf8).write(to: URL(fileURLWithPath: "\(dir)/\(name).expected"))
        }
    }
}
