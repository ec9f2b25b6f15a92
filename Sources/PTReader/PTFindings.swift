import ModelArtifact

/// The PyTorch reader's finding codes: one table, each code's meaning fixed.
///
/// | code  | severity | finding |
/// | ----- | -------- | ------- |
/// | PT001 | error    | a global outside the allow-list of `torch.load(weights_only=True)`: module, name, opcode offset; loading would import it (and call it, when it is called) |
/// | PT002 | error    | a pickle broke off after referencing a global outside the allow-list; the globals seen are judged, the rest is not read |
/// | PT003 | warning  | another pickle follows the first one's STOP (a bare pickle or a ZIP entry): its globals are judged too |
/// | PT004 | warning  | bytes after the last STOP (or after a legacy file's last storage) that are not a pickle |
/// | PT005 | warning  | a TorchScript archive: `torch.jit.load` runs the TorchScript code in `code/` |
/// | PT006 | warning  | a ZIP entry that holds a pickle `torch.load` does not read (not named as one, or an extra one): judged too |
/// | PT007 | info     | tensors share a storage (tied or viewed weights) |
/// | PT008 | info     | a tensor is a non-contiguous view: it has no single byte range (no offset/length) |
/// | PT009 | error    | a tensor's storage is missing, or its view reaches past the storage's bytes |
/// | PT010 | warning  | a storage's bytes cannot be read in place (a compressed entry, or a bare pickle that carries none): no offset/length |
/// | PT011 | warning  | the data is big-endian (a torch.save ZIP's `byteorder` record says `big`) |
/// | PT012 | warning  | a persistent id that is not a storage (`torch.load` would fail or run other code) |
/// | PT013 | info     | storages that no tensor uses |
/// | PT014 | error    | the verdict is unknown: a pickle the loader would unpickle could not be read to its end (a cap, a break-off, an unreadable or oversized entry); never safe |
/// | PT015 | warning  | readers of the container disagree (ZIP end records, central and local headers, case-colliding names, flag bits, CRCs; tar members named twice): judged as every reading would load it |
/// | PT016 | warning  | a legacy tar-format `torch.save` file: `torch.load(weights_only=False)` unpickles its `storages`, `tensors` and `pickle` members |
/// | PT017 | warning  | a NumPy array of Python objects: `np.load(allow_pickle=True)` unpickles its payload |
public enum PTFindingCode: String, Sendable, CaseIterable {
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

    /// The severity every finding of this code carries.
    public var severity: Severity {
        switch self {
        case .disallowedGlobal, .brokenAfterUnsafe, .storageProblem, .verdictUnknown: return .error
        case .sharedStorage, .nonContiguous, .unusedStorage: return .info
        default: return .warning
        }
    }
}

extension Finding {
    /// A PyTorch reader finding of `code`, with that code's severity.
    static func pt(_ code: PTFindingCode, _ message: String, location: String? = nil) -> Finding {
        Finding(code.severity, code.rawValue, message, location: location)
    }
}
