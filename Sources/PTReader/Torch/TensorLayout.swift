import ModelArtifact

/// Where a storage's bytes lie in the file.
struct StorageBytes {
    /// Absolute offset of the first byte; nil when the bytes cannot be read in place (compressed).
    var offset: Int?
    /// How many bytes the container holds for it.
    var length: Int
    /// Where the storage is, for messages (`archive/data/0`, `file@0x…`).
    var place: String
    /// Why `offset` is nil (`is compressed`).
    var unreadable: String = "is compressed"
}

/// Turns named tensors into report tensors: dtype, shape, and the byte range of the bytes each
/// one views (contiguous views only), checking every view against its storage's bytes; and into
/// placements (contiguous or not) for readers that copy the elements out.
struct TensorLayout {
    /// The report tensors, in walk order.
    private(set) var tensors: [TensorInfo] = []
    /// What was noticed (PT007, PT008, PT009, PT010).
    private(set) var findings: [Finding] = []
    /// Tensors that are views worth noting (non-contiguous or sharing a storage), for the `pytorch` section.
    private(set) var views: [PyTorchSection.TensorView] = []
    /// Storage keys used by at least one tensor (keys are compared within one pickle).
    private(set) var usedKeys = Set<String>()
    /// Where each tensor whose storage bytes are readable in place lies, contiguous or not.
    private(set) var placements: [TensorPlacement] = []

    /// Lays out `found`, whose storages `lookup` locates (nil: the storage's bytes are missing).
    init(_ found: [TensorWalker.Found], lookup: (TorchStorageRef) -> StorageBytes?) {
        var users: [Int: Int] = [:]
        for item in found {
            guard let storage = item.tensor.storage else { continue }
            users[storage.keyID, default: 0] += 1
            if users[storage.keyID] == 1 { usedKeys.insert(storage.key) }
        }
        var nonContiguous: [String] = []
        var unreadable: [String: String] = [:]
        for item in found {
            let t = item.tensor
            var info = TensorInfo(name: item.name, dtype: t.element.dtype, shape: t.shape.map { .size($0) })
            defer { tensors.append(info) }
            guard let storage = t.storage else { continue }
            let shared = users[storage.keyID, default: 0] > 1
            if shared || !t.isContiguous {
                views.append(PyTorchSection.TensorView(name: item.name, storage: storage.key, storageOffset: t.storageOffset,
                                                       stride: t.stride, contiguous: t.isContiguous))
            }
            guard let bytes = lookup(storage) else {
                findings.append(Finding(PTFindingCode.storageProblem,
                                        "tensor '\(item.name)' uses storage '\(storage.key)', which the file does not hold",
                                    location: item.name))
                continue
            }
            guard let span = Self.span(t, storage: storage) else {
                findings.append(Finding(PTFindingCode.storageProblem,
                                        "tensor '\(item.name)' has a negative or overflowing size, stride or offset",
                                    location: item.name))
                continue
            }
            let available = min(bytes.length, storage.byteCount ?? bytes.length)
            guard span.upperBound <= available else {
                findings.append(Finding(PTFindingCode.storageProblem,
                                    "tensor '\(item.name)' views bytes \(span.lowerBound)..<\(span.upperBound) of storage '\(storage.key)', which holds \(available)",
                                    location: item.name))
                continue
            }
            guard let base = bytes.offset else {
                if t.isContiguous {
                    unreadable[bytes.place] = bytes.unreadable
                } else {
                    nonContiguous.append(item.name)
                }
                continue
            }
            placements.append(TensorPlacement(name: item.name, dtype: t.element.dtype, shape: t.shape.map { Int($0) },
                                              strides: t.isContiguous ? nil : t.stride?.map { Int($0) },
                                              elementSize: t.element.size, firstByte: base + span.lowerBound,
                                              storage: base..<(base + available), storageKey: storage.key))
            guard t.isContiguous else {
                nonContiguous.append(item.name)
                continue
            }
            info.offset = base + span.lowerBound
            info.length = span.count
        }
        let sharedKeys = users.filter { $0.value > 1 }
        if let example = found.compactMap(\.tensor.storage).first(where: { sharedKeys[$0.keyID] != nil }) {
            let tensorCount = sharedKeys.values.reduce(0, +)
            findings.append(Finding(PTFindingCode.sharedStorage,
                                "\(tensorCount) tensors share \(sharedKeys.count) storage(s) (storage '\(example.key)' has \(sharedKeys[example.keyID]!) users)"))
        }
        if let first = nonContiguous.first {
            findings.append(Finding(PTFindingCode.nonContiguous,
                                "\(nonContiguous.count) tensor(s) are non-contiguous views with no single byte range, such as '\(first)'",
                                location: first))
        }
        for place in unreadable.keys.sorted().prefix(20) {
            findings.append(Finding(PTFindingCode.unreadableStorage,
                                    "storage \(place) \(unreadable[place]!): its tensors have no byte range in the file",
                                location: place))
        }
    }

    /// The bytes of the storage a tensor views: from its first element to just past its last.
    static func span(_ t: TorchTensor, storage: TorchStorageRef) -> Range<Int>? {
        let size = t.element.size
        guard t.storageOffset >= 0, storage.viewOffset >= 0 else { return nil }
        // A legacy view's offset counts the root storage's elements.
        let (viewBytes, o0) = storage.viewOffset.multipliedReportingOverflow(by: Int64(storage.element.size))
        let (startElements, o1) = t.storageOffset.multipliedReportingOverflow(by: Int64(size))
        let (start, o2) = viewBytes.addingReportingOverflow(startElements)
        guard !o0, !o1, !o2, let first = Int(exactly: start) else { return nil }
        guard let count = t.elementCount else { return nil }
        if count == 0 { return first..<first }
        var last: Int64 = 0
        let strides = t.stride ?? Self.contiguousStrides(t.shape)
        guard strides.count == t.shape.count else { return nil }
        for (dim, stride) in zip(t.shape, strides) {
            guard stride >= 0 else { return nil }
            let (term, o3) = (dim - 1).multipliedReportingOverflow(by: stride)
            let (sum, o4) = last.addingReportingOverflow(term)
            guard !o3, !o4 else { return nil }
            last = sum
        }
        let (extent, o5) = (last + 1).multipliedReportingOverflow(by: Int64(size))
        guard !o5, let length = Int(exactly: extent) else { return nil }
        let (end, o6) = first.addingReportingOverflow(length)
        guard !o6 else { return nil }
        // A contiguous tensor views exactly its elements.
        if t.isContiguous, let bytes = count.multipliedReportingOverflow(by: size) as (Int, Bool)?, !bytes.1 {
            return first..<(first + bytes.0)
        }
        return first..<end
    }

    static func contiguousStrides(_ shape: [Int64]) -> [Int64] {
        var strides = [Int64](repeating: 1, count: shape.count)
        var running: Int64 = 1
        for k in shape.indices.reversed() {
            strides[k] = running
            running = running &* max(shape[k], 1)
        }
        return strides
    }
}
