import ModelArtifact

/// The PyTorch reader's finding codes (and the gate's), each meaning fixed.
public enum PTFindingCode: String, FindingCode {
    case disallowedGlobal = "PT001"
    case brokenAfterUnsafe = "PT002"
    case anotherPickle = "PT003"
    case trailingBytes = "PT004"
    case torchScriptCode = "PT005"
    case hiddenPickle = "PT006"
    case sharedStorage = "PT007"
    case nonContiguous = "PT008"
    case storageProblem = "PT009"
    case unreadableStorage = "PT010"
    case bigEndian = "PT011"
    case foreignPersistentID = "PT012"
    case unusedStorage = "PT013"
    case verdictUnknown = "PT014"
    case readersDisagree = "PT015"
    case legacyTar = "PT016"
    case objectArray = "PT017"

    public var meaning: FindingMeaning {
        switch self {
        case .disallowedGlobal:
            return .init(.error, "Global outside the allow-list",
                         "A global outside the allow-list of `torch.load(weights_only=True)`: module, name, opcode offset; loading would import it (and call it, when it is called).")
        case .brokenAfterUnsafe:
            return .init(.error, "Pickle broken off after a disallowed global",
                         "A pickle broke off after referencing a global outside the allow-list; the globals seen are judged, the rest is not read.")
        case .anotherPickle:
            return .init(.warning, "Another pickle after STOP",
                         "Another pickle follows the first one's STOP (a bare pickle or a ZIP entry): its globals are judged too.")
        case .trailingBytes:
            return .init(.warning, "Bytes after the last pickle",
                         "Bytes after the last STOP (or after a legacy file's last storage) that are not a pickle.")
        case .torchScriptCode:
            return .init(.warning, "TorchScript code",
                         "A TorchScript archive: `torch.jit.load` runs the TorchScript code in `code/`.")
        case .hiddenPickle:
            return .init(.warning, "Pickle torch.load does not read",
                         "A ZIP entry that holds a pickle `torch.load` does not read (not named as one, or an extra one): judged too.")
        case .sharedStorage:
            return .init(.info, "Tensors share a storage", "Tensors share a storage (tied or viewed weights).")
        case .nonContiguous:
            return .init(.info, "Non-contiguous view",
                         "A tensor is a non-contiguous view: it has no single byte range (no offset/length).")
        case .storageProblem:
            return .init(.error, "Storage missing or too short",
                         "A tensor's storage is missing, or its view reaches past the storage's bytes.")
        case .unreadableStorage:
            return .init(.warning, "Storage not readable in place",
                         "A storage's bytes cannot be read in place (a compressed entry, or a bare pickle that carries none): no offset/length.")
        case .bigEndian:
            return .init(.warning, "Big-endian data", "The data is big-endian (a torch.save ZIP's `byteorder` record says `big`).")
        case .foreignPersistentID:
            return .init(.warning, "Persistent id that is not a storage",
                         "A persistent id that is not a storage (`torch.load` would fail or run other code).")
        case .unusedStorage:
            return .init(.info, "Unused storages", "Storages that no tensor uses.")
        case .verdictUnknown:
            return .init(.error, "Verdict unknown",
                         "The verdict is unknown: a pickle the loader would unpickle could not be read to its end (a cap, a break-off, an unreadable or oversized entry); never safe.")
        case .readersDisagree:
            return .init(.warning, "Readers disagree",
                         "Readers of the container disagree (ZIP end records, central and local headers, case-colliding names, flag bits, CRCs; tar members named twice), or a file's content is a pickle-free format (safetensors, ONNX, …) but its name says a pickle loader opens it: judged as every reading would load it.")
        case .legacyTar:
            return .init(.warning, "Legacy tar-format torch.save file",
                         "A legacy tar-format `torch.save` file: `torch.load(weights_only=False)` unpickles its `storages`, `tensors` and `pickle` members.")
        case .objectArray:
            return .init(.warning, "NumPy object array",
                         "A NumPy array of Python objects: `np.load(allow_pickle=True)` unpickles its payload.")
        }
    }
}
