import ModelArtifact
import TestSupport
@testable import ONNXReader

/// Builds ONNX protobuf messages for tests with the reader's own field numbers (`ONNXSchema`), so
/// that a test can state exactly the model, valid or broken, it means.
enum ONNXBuilder {
    typealias M = ONNXSchema.Model
    typealias G = ONNXSchema.Graph
    typealias N = ONNXSchema.Node
    typealias T = ONNXSchema.Tensor

    /// A `TypeProto` of a tensor: element type and dims (Int → dim_value, String → dim_param, nil → unknown); no shape when `dims` is nil.
    static func tensorType(_ elem: ONNXDataType?, _ dims: [Any?]?) -> [UInt8] {
        ProtoWriter.build { type in
            type.message(ONNXSchema.TypeCase.tensorType.rawValue) { tensor in
                if let elem { tensor.int(ONNXSchema.TensorType.elemType.rawValue, Int64(elem.rawValue)) }
                if let dims {
                    tensor.message(ONNXSchema.TensorType.shape.rawValue) { shape in
                        for dim in dims {
                            shape.message(ONNXSchema.Shape.dim.rawValue) { d in
                                if let n = dim as? Int { d.int(ONNXSchema.Dim.dimValue.rawValue, Int64(n)) }
                                if let s = dim as? String { d.string(ONNXSchema.Dim.dimParam.rawValue, s) }
                            }
                        }
                    }
                }
            }
        }
    }

    /// A `TypeProto` whose oneof case `kind` wraps `inner` (sequence_type, optional_type).
    static func wrapped(_ kind: ONNXSchema.TypeCase, _ inner: [UInt8]) -> [UInt8] {
        ProtoWriter.build { $0.message(kind.rawValue) { $0.bytes(ONNXSchema.ElementType.elemType.rawValue, inner) } }
    }

    /// A `ValueInfoProto`.
    static func value(_ name: String, _ type: [UInt8]?) -> [UInt8] {
        ProtoWriter.build { v in
            v.string(ONNXSchema.ValueInfo.name.rawValue, name)
            if let type { v.bytes(ONNXSchema.ValueInfo.type.rawValue, type) }
        }
    }

    /// A tensor value of element type and shape.
    static func input(_ name: String, _ elem: ONNXDataType = .float, _ dims: [Any?]? = [2]) -> [UInt8] {
        value(name, tensorType(elem, dims))
    }

    /// A `TensorProto`; `build` adds the data fields.
    static func tensor(_ name: String?, _ type: ONNXDataType?, _ dims: [Int64], _ build: (inout ProtoWriter) -> Void = { _ in }) -> [UInt8] {
        ProtoWriter.build { t in
            if !dims.isEmpty { t.packed(T.dims.rawValue, dims) }
            if let type { t.int(T.dataType.rawValue, Int64(type.rawValue)) }
            if let name { t.string(T.name.rawValue, name) }
            build(&t)
        }
    }

    /// A float tensor with `raw_data` of `count` values (dims' product by default).
    static func rawFloats(_ name: String, _ dims: [Int64], count: Int? = nil) -> [UInt8] {
        let n = count ?? Int(dims.reduce(1, *))
        return tensor(name, .float, dims) { $0.bytes(T.rawData.rawValue, [UInt8](repeating: 0x3f, count: 4 * n)) }
    }

    /// A tensor kept in an external file.
    static func external(_ name: String, _ type: ONNXDataType, _ dims: [Int64], _ entries: [(String, String)]) -> [UInt8] {
        tensor(name, type, dims) { t in
            for (key, value) in entries {
                t.message(T.externalData.rawValue) { e in
                    e.string(ONNXSchema.StringStringEntry.key.rawValue, key)
                    e.string(ONNXSchema.StringStringEntry.value.rawValue, value)
                }
            }
            t.int(T.dataLocation.rawValue, ONNXSchema.dataLocationExternal)
        }
    }

    /// An `AttributeProto` holding a graph.
    static func graphAttribute(_ name: String, _ graph: [UInt8]) -> [UInt8] {
        attribute(name, type: .graph) { $0.bytes(ONNXSchema.Attribute.g.rawValue, graph) }
    }

    /// An `AttributeProto` built field by field.
    static func attribute(_ name: String, type: ONNXSchema.AttributeType?, _ build: (inout ProtoWriter) -> Void) -> [UInt8] {
        ProtoWriter.build { a in
            a.string(ONNXSchema.Attribute.name.rawValue, name)
            if let type { a.int(ONNXSchema.Attribute.type.rawValue, type.rawValue) }
            build(&a)
        }
    }

    /// A `NodeProto`.
    static func node(_ op: String, _ inputs: [String], _ outputs: [String], name: String = "", domain: String? = nil,
                     attributes: [[UInt8]] = []) -> [UInt8] {
        ProtoWriter.build { n in
            for input in inputs { n.string(N.input.rawValue, input) }
            for output in outputs { n.string(N.output.rawValue, output) }
            if !name.isEmpty { n.string(N.name.rawValue, name) }
            n.string(N.opType.rawValue, op)
            if let domain { n.string(N.domain.rawValue, domain) }
            for attribute in attributes { n.bytes(N.attribute.rawValue, attribute) }
        }
    }

    /// A `GraphProto`.
    static func graph(_ name: String = "g", nodes: [[UInt8]] = [], inputs: [[UInt8]] = [], outputs: [[UInt8]] = [],
                      initializers: [[UInt8]] = [], sparse: [[UInt8]] = []) -> [UInt8] {
        ProtoWriter.build { g in
            for node in nodes { g.bytes(G.node.rawValue, node) }
            if !name.isEmpty { g.string(G.name.rawValue, name) }
            for t in initializers { g.bytes(G.initializer.rawValue, t) }
            for s in sparse { g.bytes(G.sparseInitializer.rawValue, s) }
            for i in inputs { g.bytes(G.input.rawValue, i) }
            for o in outputs { g.bytes(G.output.rawValue, o) }
        }
    }

    /// A `ModelProto`; `extra` appends further fields.
    static func model(ir: Int64? = 8, opsets: [(String, Int64)] = [("", 17)], graph: [UInt8]? = simpleGraph(),
                      producer: (String, String) = ("tests", "1"), metadata: [(String, String)] = [],
                      functions: [[UInt8]] = [], extra: (inout ProtoWriter) -> Void = { _ in }) -> [UInt8] {
        ProtoWriter.build { m in
            if let ir { m.int(Int(M.irVersion.rawValue), ir) }
            m.string(Int(M.producerName.rawValue), producer.0)
            m.string(Int(M.producerVersion.rawValue), producer.1)
            if let graph { m.bytes(Int(M.graph.rawValue), graph) }
            for (domain, version) in opsets {
                m.message(Int(M.opsetImport.rawValue)) { o in
                    if !domain.isEmpty { o.string(ONNXSchema.OperatorSetId.domain.rawValue, domain) }
                    o.int(ONNXSchema.OperatorSetId.version.rawValue, version)
                }
            }
            for (key, value) in metadata {
                m.message(Int(M.metadataProps.rawValue)) { e in
                    e.string(ONNXSchema.StringStringEntry.key.rawValue, key)
                    e.string(ONNXSchema.StringStringEntry.value.rawValue, value)
                }
            }
            for function in functions { m.bytes(Int(M.functions.rawValue), function) }
            extra(&m)
        }
    }

    /// X[2] + W[2] (initializer) → Relu → Y[2].
    static func simpleGraph(initializers: [[UInt8]] = [rawFloats("W", [2])], extraNodes: [[UInt8]] = [],
                            inputs: [[UInt8]] = [input("X")]) -> [UInt8] {
        graph("g", nodes: [node("Add", ["X", "W"], ["S"], name: "add"), node("Relu", ["S"], ["Y"], name: "relu")] + extraNodes,
              inputs: inputs, outputs: [input("Y")], initializers: initializers)
    }

    /// The report of `bytes`.
    static func read(_ bytes: [UInt8], name: String = "m.onnx") throws -> ModelReport {
        try ONNXReader.read(MappedFile(bytes: bytes, name: name))
    }
}

extension ModelReport {
    /// The finding codes, in order.
    var codes: [String] { findings.map(\.code) }
    /// The `checker` member.
    var checker: String? { section(ONNXCheckerVerdict.self)?.text }
    /// The `onnx` section.
    var onnx: JSONObject { section(ONNXSection.self)?.json.objectValue ?? [:] }
}
