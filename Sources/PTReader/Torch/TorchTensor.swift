import ModelArtifact

/// A storage a pickle loads through a persistent id: `("storage", storage_type, key, location,
/// numel[, view_metadata])` (PyTorch `serialization.py`, `persistent_load`).
struct TorchStorageRef: Equatable {
    /// The key naming the storage's bytes (`data/<key>` in an archive, the key list of a legacy file).
    var key: String
    /// The storage class's element type (bytes for `UntypedStorage`).
    var element: TorchTypes.Element
    /// Elements declared (bytes for an untyped storage).
    var count: Int64
    /// The device it was saved from (`cpu`, `cuda:0`).
    var location: String
    /// For a legacy storage view: the view's offset into the root storage, in elements.
    var viewOffset: Int64 = 0
    /// Offset of the persistent id's opcode.
    var offset: Int
    /// The same number for every reference to the same key in one pickle.
    var keyID = 0

    /// Bytes the storage declares, or nil on overflow.
    var byteCount: Int? {
        guard let count = Int(exactly: count), count >= 0 else { return nil }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: element.size)
        return overflow ? nil : bytes
    }
}

/// A tensor rebuilt (inertly) from a pickle: what `torch._utils._rebuild_tensor*` would be given.
struct TorchTensor: Equatable {
    /// The element type.
    var element: TorchTypes.Element
    /// Sizes.
    var shape: [Int64]
    /// Strides in elements (nil for tensors rebuilt without them).
    var stride: [Int64]?
    /// Offset into the storage, in elements.
    var storageOffset: Int64
    /// Where the bytes come from; nil for tensors without storage (meta, wrapper subclasses).
    var storage: TorchStorageRef?
    /// The rebuild function, as named in the pickle.
    var rebuild: String

    /// Elements, or nil on overflow or a negative size.
    var elementCount: Int? { [Dimension](shape.map { .size($0) }).elementCount }

    /// True when the strides are the contiguous (row-major) ones, ignoring dimensions of size 1.
    var isContiguous: Bool {
        guard let stride else { return true }
        guard stride.count == shape.count else { return false }
        if elementCount == 0 { return true }
        var expected: Int64 = 1
        for k in shape.indices.reversed() where shape[k] != 1 {
            guard stride[k] == expected else { return false }
            let (next, overflow) = expected.multipliedReportingOverflow(by: shape[k])
            if overflow { return false }
            expected = next
        }
        return true
    }
}

/// Recognises the allow-listed tensor rebuild calls in a pickle graph.
struct TorchTensorRecognizer {
    let graph: PickleGraph
    /// Each persistent id read as a storage, once.
    private let storages: [TorchStorageRef?]

    init(graph: PickleGraph) {
        self.graph = graph
        var ids: [String: Int] = [:]
        storages = graph.persistent.indices.map { index in
            guard var ref = Self.parseStorage(graph, index) else { return nil }
            if let known = ids[ref.key] {
                ref.keyID = known
            } else {
                ref.keyID = ids.count
                ids[ref.key] = ids.count
            }
            return ref
        }
    }

    /// The rebuild functions whose first arguments are `(storage, storage_offset, size, stride)`.
    static let storageRebuilds: Set<String> = [
        "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor_v3",
        "torch._utils._rebuild_qtensor",
    ]

    /// The tensor the object record `index` rebuilds, or nil when it is not a tensor rebuild.
    func tensor(object index: Int, depth: Int = 0) -> TorchTensor? {
        guard depth < 8 else { return nil }
        guard let callee = graph.globalName(graph.objects[index].callee) else { return nil }
        let args = graph.elements(graph.objects[index].args) ?? []
        return tensor(callee: callee, args: args, depth: depth)
    }

    private func tensor(callee: String, args: [PickleValue], depth: Int) -> TorchTensor? {
        func inner(_ value: PickleValue?) -> TorchTensor? {
            guard case .object(let i)? = value else { return nil }
            return tensor(object: i, depth: depth + 1)
        }
        switch callee {
        case _ where Self.storageRebuilds.contains(callee):
            guard args.count >= 4, let storage = storage(args[0]), let offset = graph.integer(args[1]),
                  let shape = sizes(args[2]), let stride = sizes(args[3]) else { return nil }
            var element = storage.element
            if callee.hasSuffix("_v3"), args.count >= 7, let name = graph.globalName(args[6]),
               let declared = TorchTypes.dtype(name) {
                element = declared
            }
            return TorchTensor(element: element, shape: shape, stride: stride, storageOffset: offset,
                               storage: storage, rebuild: callee)
        case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state",
             "torch.nn.parameter.Parameter", "torch._utils._rebuild_device_tensor_from_cpu_tensor":
            return inner(args.first)
        case "torch._tensor._rebuild_from_type_v2":
            guard args.count >= 3, let function = graph.globalName(args[0]), let inner = graph.elements(args[2]) else {
                return nil
            }
            return tensor(callee: function, args: inner, depth: depth + 1)
        case "torch._utils._rebuild_meta_tensor_no_storage":
            guard args.count >= 3, let name = graph.globalName(args[0]), let element = TorchTypes.dtype(name),
                  let shape = sizes(args[1]) else { return nil }
            return TorchTensor(element: element, shape: shape, stride: sizes(args[2]), storageOffset: 0,
                               storage: nil, rebuild: callee)
        case "torch._utils._rebuild_wrapper_subclass":
            guard args.count >= 5, let name = graph.globalName(args[1]), let element = TorchTypes.dtype(name),
                  let shape = sizes(args[2]) else { return nil }
            return TorchTensor(element: element, shape: shape, stride: sizes(args[3]),
                               storageOffset: graph.integer(args[4]) ?? 0, storage: nil, rebuild: callee)
        default:
            return nil
        }
    }

    /// A tuple or list of integers, or a `torch.Size` of one.
    func sizes(_ value: PickleValue) -> [Int64]? {
        if case .object(let i) = value, graph.globalName(graph.objects[i].callee) == "torch.Size",
           let first = graph.elements(graph.objects[i].args)?.first {
            return sizes(first)
        }
        guard let items = graph.elements(value), items.count <= 64 else { return nil }
        var result: [Int64] = []
        for item in items {
            guard let n = graph.integer(item) else { return nil }
            result.append(n)
        }
        return result
    }

    /// The storage a persistent id names, or nil when it is not a storage id.
    func storage(_ value: PickleValue) -> TorchStorageRef? {
        guard case .persistent(let p) = value else { return nil }
        return storages[p]
    }

    private static func parseStorage(_ graph: PickleGraph, _ p: Int) -> TorchStorageRef? {
        guard let id = graph.elements(graph.persistent[p].id), id.count >= 5,
              graph.string(id[0]) == "storage", let type = graph.globalName(id[1]),
              let element = TorchTypes.storage(type), let key = key(graph, id[2]), let count = graph.integer(id[4]) else {
            return nil
        }
        var ref = TorchStorageRef(key: key, element: element, count: count, location: graph.string(id[3]) ?? "",
                                  offset: graph.persistent[p].offset)
        // Legacy views: (view_key, offset, view_size) into the root storage `key`.
        if id.count >= 6, let view = graph.elements(id[5]), view.count == 3, let offset = graph.integer(view[1]) {
            ref.viewOffset = offset
        }
        return ref
    }

    /// A storage key: a string, or an integer written in decimal.
    func key(_ value: PickleValue) -> String? {
        Self.key(graph, value)
    }

    private static func key(_ graph: PickleGraph, _ value: PickleValue) -> String? {
        if let text = graph.string(value) { return text }
        return graph.integer(value).map { String($0) }
    }
}
