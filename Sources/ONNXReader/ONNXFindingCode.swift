import ModelArtifact

/// The ONNX finding codes, each meaning fixed; every one is an error, as each is a rule onnx's
/// checker (or onnxruntime) enforces.
public enum ONNXFindingCode: String, FindingCode {
    case irVersionMissing = "ONNX001"
    case irVersionTooNew = "ONNX002"
    case opsetImport = "ONNX003"
    case domainNotImported = "ONNX004"
    case duplicateInput = "ONNX005"
    case duplicateInitializer = "ONNX006"
    case undefinedInput = "ONNX007"
    case producedTwice = "ONNX008"
    case initializerNotInput = "ONNX009"
    case dataSize = "ONNX010"
    case dataInTwoPlaces = "ONNX011"
    case stringInRawData = "ONNX012"
    case undefinedDataType = "ONNX013"
    case dataInWrongField = "ONNX014"
    case externalLocation = "ONNX015"
    case externalFileMissing = "ONNX016"
    case externalRange = "ONNX017"
    case requiredField = "ONNX018"
    case repeatedMetadataKey = "ONNX019"
    case functionRepeats = "ONNX020"
    case sparseTensor = "ONNX021"

    public var meaning: FindingMeaning {
        switch self {
        case .irVersionMissing: return .init(.error, "ir_version missing", "`ir_version` missing or 0.")
        case .irVersionTooNew:
            return .init(.error, "ir_version newer than known", "`ir_version` newer than the newest IR version known.")
        case .opsetImport:
            return .init(.error, "opset_import missing or misplaced",
                         "No `opset_import` in a model of IR version 3 or later, or one in an older model.")
        case .domainNotImported:
            return .init(.error, "Node domain without opset import",
                         "A node's domain has no opset import (in the model, or in its local function).")
        case .duplicateInput:
            return .init(.error, "Two inputs with one name", "Two graph inputs (or function inputs) with one name.")
        case .duplicateInitializer:
            return .init(.error, "Two initializers with one name", "Two initializers (dense or sparse) with one name.")
        case .undefinedInput:
            return .init(.error, "Node input not defined before it",
                         "A node input that is no graph input, initializer or earlier node output (the graph is not topologically sorted, or the name is undefined).")
        case .producedTwice: return .init(.error, "Value produced twice", "A value produced twice (the graph is not in SSA form).")
        case .initializerNotInput:
            return .init(.error, "Initializer that is no graph input",
                         "An initializer that is not a graph input, in a model of IR version 3 or older.")
        case .dataSize:
            return .init(.error, "Tensor data size differs from its type", "Tensor data whose size does not match its dims × data type.")
        case .dataInTwoPlaces:
            return .init(.error, "Tensor data in two places", "Tensor data in two places (two value fields, or external and inline).")
        case .stringInRawData: return .init(.error, "STRING tensor in raw_data", "A STRING tensor in `raw_data`.")
        case .undefinedDataType:
            return .init(.error, "Data type not defined", "A data type that is UNDEFINED, missing or not one ONNX defines.")
        case .dataInWrongField:
            return .init(.error, "Tensor data in the wrong field",
                         "Tensor data in a field its data type does not use, data in a 0-element tensor, or no data in a non-empty one.")
        case .externalLocation:
            return .init(.error, "External-data location not allowed",
                         "An external-data location that is missing, empty, absolute, has `..`, is no regular file or is a symbolic link out of the model's folder.")
        case .externalFileMissing: return .init(.error, "External-data file missing", "An external-data file that does not exist.")
        case .externalRange:
            return .init(.error, "External-data range invalid",
                         "An external-data range that is not numbers or lies past the file's end.")
        case .requiredField:
            return .init(.error, "Required field missing or malformed",
                         "A required field missing or empty (graph, value, node, attribute, function names, value types), a node with no inputs and no outputs, or a malformed attribute.")
        case .repeatedMetadataKey: return .init(.error, "metadata_props key repeated", "A key repeated in `metadata_props`.")
        case .functionRepeats:
            return .init(.error, "Local function repeats an output or attribute", "A local function that repeats an output or an attribute.")
        case .sparseTensor:
            return .init(.error, "Sparse tensor rule broken", "A sparse tensor whose values, indices or dims break the sparse rules.")
        }
    }
}
