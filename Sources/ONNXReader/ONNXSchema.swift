import ModelArtifact

/// The field numbers of ONNX's protobuf messages, as onnx.proto3 / onnx-ml.proto define them (ONNX
/// 1.16 and later). `ModelProto`'s own fields are `FormatSignatures.ONNXModelField`, shared with
/// the probe. Every number the reader uses is here and nowhere else.
public enum ONNXSchema {
    /// `ModelProto`.
    public typealias Model = FormatSignatures.ONNXModelField

    /// `GraphProto`.
    public enum Graph: Int, Sendable {
        case node = 1, name = 2, initializer = 5, docString = 10, input = 11, output = 12, valueInfo = 13
        case quantizationAnnotation = 14, sparseInitializer = 15, metadataProps = 16
    }

    /// `NodeProto`.
    enum Node: Int {
        case input = 1, output = 2, name = 3, opType = 4, attribute = 5, docString = 6, domain = 7
        case overload = 8, metadataProps = 9
    }

    /// `AttributeProto`.
    enum Attribute: Int {
        case name = 1, f = 2, i = 3, s = 4, t = 5, g = 6, floats = 7, ints = 8, strings = 9, tensors = 10
        case graphs = 11, docString = 13, tp = 14, typeProtos = 15, type = 20, refAttrName = 21
        case sparseTensor = 22, sparseTensors = 23
    }

    /// `AttributeProto.AttributeType`, with the value field each kind must use.
    enum AttributeType: Int64 {
        case undefined = 0, float = 1, int = 2, string = 3, tensor = 4, graph = 5, floats = 6, ints = 7
        case strings = 8, tensors = 9, graphs = 10, sparseTensor = 11, sparseTensors = 12, typeProto = 13
        case typeProtos = 14

        /// The `AttributeProto` field that holds a value of this kind.
        var valueField: Attribute? {
            switch self {
            case .undefined: return nil
            case .float: return .f
            case .int: return .i
            case .string: return .s
            case .tensor: return .t
            case .graph: return .g
            case .floats: return .floats
            case .ints: return .ints
            case .strings: return .strings
            case .tensors: return .tensors
            case .graphs: return .graphs
            case .sparseTensor: return .sparseTensor
            case .sparseTensors: return .sparseTensors
            case .typeProto: return .tp
            case .typeProtos: return .typeProtos
            }
        }
    }

    /// `ValueInfoProto`.
    enum ValueInfo: Int {
        case name = 1, type = 2, docString = 3, metadataProps = 4
    }

    /// `TypeProto`: the `value` oneof's cases, and `denotation`.
    enum TypeCase: Int {
        case tensorType = 1, sequenceType = 4, mapType = 5, denotation = 6, opaqueType = 7
        case sparseTensorType = 8, optionalType = 9

        /// The oneof member's name in onnx.proto (`"tensor_type"`).
        var protoName: String {
            switch self {
            case .tensorType: return "tensor_type"
            case .sequenceType: return "sequence_type"
            case .mapType: return "map_type"
            case .denotation: return "denotation"
            case .opaqueType: return "opaque_type"
            case .sparseTensorType: return "sparse_tensor_type"
            case .optionalType: return "optional_type"
            }
        }
    }

    /// `TypeProto.Tensor` and `TypeProto.SparseTensor`.
    enum TensorType: Int {
        case elemType = 1, shape = 2
    }

    /// `TypeProto.Sequence` and `TypeProto.Optional`.
    enum ElementType: Int {
        case elemType = 1
    }

    /// `TypeProto.Map`.
    enum MapType: Int {
        case keyType = 1, valueType = 2
    }

    /// `TypeProto.Opaque`.
    enum OpaqueType: Int {
        case domain = 1, name = 2
    }

    /// `TensorShapeProto`.
    enum Shape: Int {
        case dim = 1
    }

    /// `TensorShapeProto.Dimension`.
    enum Dim: Int {
        case dimValue = 1, dimParam = 2, denotation = 3
    }

    /// `TensorProto`.
    public enum Tensor: Int, Sendable {
        case dims = 1, dataType = 2, segment = 3, floatData = 4, int32Data = 5, stringData = 6, int64Data = 7
        case name = 8, rawData = 9, doubleData = 10, uint64Data = 11, docString = 12, externalData = 13
        case dataLocation = 14, metadataProps = 16

        /// The field's name in onnx.proto (`"float_data"`), as the checker names it.
        var protoName: String {
            switch self {
            case .dims: return "dims"
            case .dataType: return "data_type"
            case .segment: return "segment"
            case .floatData: return "float_data"
            case .int32Data: return "int32_data"
            case .stringData: return "string_data"
            case .int64Data: return "int64_data"
            case .name: return "name"
            case .rawData: return "raw_data"
            case .doubleData: return "double_data"
            case .uint64Data: return "uint64_data"
            case .docString: return "doc_string"
            case .externalData: return "external_data"
            case .dataLocation: return "data_location"
            case .metadataProps: return "metadata_props"
            }
        }

        /// The typed value fields in the order onnx's checker counts them.
        static let valueFields: [Tensor] = [.floatData, .int32Data, .stringData, .int64Data, .rawData, .doubleData, .uint64Data]

        /// How one element of a typed value field is encoded on the wire (nil for `bytes` fields).
        var elementWire: ProtoWireType? {
            switch self {
            case .floatData: return .fixed32
            case .doubleData: return .fixed64
            case .int32Data, .int64Data, .uint64Data: return .varint
            default: return nil
            }
        }
    }

    /// `TensorProto.DataLocation`: `EXTERNAL`.
    public static let dataLocationExternal: Int64 = 1

    /// `SparseTensorProto`.
    enum SparseTensor: Int {
        case values = 1, indices = 2, dims = 3
    }

    /// `OperatorSetIdProto`.
    enum OperatorSetId: Int {
        case domain = 1, version = 2
    }

    /// `StringStringEntryProto`.
    public enum StringStringEntry: Int, Sendable {
        case key = 1, value = 2
    }

    /// `FunctionProto`.
    enum Function: Int {
        case name = 1, input = 4, output = 5, attribute = 6, node = 7, docString = 8, opsetImport = 9
        case domain = 10, attributeProto = 11, valueInfo = 12, overload = 13, metadataProps = 14
    }

    /// `TrainingInfoProto`.
    enum TrainingInfo: Int {
        case initialization = 1, algorithm = 2, initializationBinding = 3, updateBinding = 4
    }

    /// The keys of `TensorProto.external_data` (onnx external_data_helper.py).
    enum ExternalDataKey: String {
        case location, offset, length, checksum
    }
}
