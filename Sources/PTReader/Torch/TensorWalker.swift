import ModelArtifact

/// Finds every tensor reachable from a pickle's root object and names it by the dotted path of
/// dict keys, attribute names (BUILD state) and sequence indices that reaches it (as the report schema names them:
/// `model_state.encoder.weight`; a tensor at the root is `""`).
///
/// Each container is followed once, so shared and cyclic graphs take linear time; a tensor
/// referenced from several places is reported at each. Nesting deeper than `maxDepth` throws.
struct TensorWalker {
    /// A tensor and the path that reaches it.
    struct Found {
        var name: String
        var tensor: TorchTensor
        /// The object record it was rebuilt by.
        var object: Int
    }

    let graph: PickleGraph
    let maxDepth: Int
    /// Where errors point.
    let reader: ByteReader
    private let recognizer: TorchTensorRecognizer
    private(set) var found: [Found] = []
    private var seenSequences = Set<Int>()
    private var seenDicts = Set<Int>()
    private var seenObjects = Set<Int>()

    /// Classes whose instances hold items like a dict (`OrderedDict(pairs)`, `Counter`…).
    static let dictClasses: Set<String> = [
        "collections.OrderedDict", "collections.Counter", "collections.defaultdict", "builtins.dict", "__builtin__.dict",
    ]

    init(graph: PickleGraph, maxDepth: Int, reader: ByteReader, recognizer: TorchTensorRecognizer? = nil) {
        self.graph = graph
        self.maxDepth = maxDepth
        self.reader = reader
        self.recognizer = recognizer ?? TorchTensorRecognizer(graph: graph)
        seenObjects.reserveCapacity(graph.objects.count)
        seenDicts.reserveCapacity(graph.dicts.count)
    }

    /// Walks from `root`, naming tensors under `prefix` (empty at the root).
    mutating func walk(_ root: PickleValue, prefix: String = "") throws {
        try visit(root, prefix, depth: 0)
    }

    private static func join(_ path: String, _ component: String) -> String {
        path.isEmpty ? component : path + "." + component
    }

    private mutating func visit(_ value: PickleValue, _ path: String, depth: Int) throws {
        guard depth <= maxDepth else {
            throw reader.error("pickle-too-deep", expected: "containers nested at most \(maxDepth) deep",
                               found: "deeper nesting at '\(path.prefix(200))'")
        }
        switch value {
        case .tuple(let i), .list(let i), .set(let i):
            guard seenSequences.insert(i).inserted else { return }
            for (k, item) in graph.sequences[i].enumerated() {
                try visit(item, Self.join(path, String(k)), depth: depth + 1)
            }
        case .dict(let i):
            guard seenDicts.insert(i).inserted else { return }
            try visitItems(graph.dicts[i], path, depth: depth)
        case .object(let i):
            if let tensor = recognizer.tensor(object: i) {
                found.append(Found(name: path, tensor: tensor, object: i))
                return
            }
            guard seenObjects.insert(i).inserted else { return }
            try visitObject(i, path, depth: depth)
        default:
            return
        }
    }

    private mutating func visitItems(_ items: [(key: PickleValue, value: PickleValue)], _ path: String, depth: Int) throws {
        for (key, item) in items {
            try visit(item, Self.join(path, component(key)), depth: depth + 1)
        }
    }

    private mutating func visitObject(_ index: Int, _ path: String, depth: Int) throws {
        let object = graph.objects[index]
        let args = graph.elements(object.args) ?? []
        if let callee = graph.globalName(object.callee), Self.dictClasses.contains(callee) {
            // OrderedDict([[key, value], ...]) or OrderedDict({...}), as legacy files write them.
            if let first = args.first {
                if case .dict(let d) = first, seenDicts.insert(d).inserted {
                    try visitItems(graph.dicts[d], path, depth: depth)
                } else if let pairs = graph.elements(first) {
                    for pair in pairs {
                        if let kv = graph.elements(pair), kv.count == 2 {
                            try visit(kv[1], Self.join(path, component(kv[0])), depth: depth + 1)
                        }
                    }
                }
            }
        } else {
            for (k, arg) in args.enumerated() {
                try visit(arg, Self.join(path, String(k)), depth: depth + 1)
            }
        }
        try visitItems(object.items, path, depth: depth)
        for (k, item) in object.appended.enumerated() {
            try visit(item, Self.join(path, String(k)), depth: depth + 1)
        }
        for state in object.states {
            try visitState(state, path, depth: depth)
        }
    }

    /// BUILD state: a dict of attributes, or `(dict, slots)`; anything else is followed as it is.
    private mutating func visitState(_ state: PickleValue, _ path: String, depth: Int) throws {
        if case .tuple(let t) = state, graph.sequences[t].count == 2,
           graph.sequences[t].allSatisfy({ if case .dict = $0 { return true }; return $0 == .none }) {
            for part in graph.sequences[t] { try visit(part, path, depth: depth + 1) }
            return
        }
        try visit(state, path, depth: depth + 1)
    }

    /// A dict key as a path component: text as it is, numbers in decimal, others as Python prints them.
    private func component(_ key: PickleValue) -> String {
        switch key {
        case .string: return graph.string(key) ?? ""
        case .int(let n): return String(n)
        case .bool(let b): return b ? "True" : "False"
        case .none: return "None"
        case .float(let x): return String(x)
        case .bytes(let range):
            return String(decoding: UnsafeRawBufferPointer(rebasing: graph.file.bytes[range.prefix(256)]), as: UTF8.self)
        case .global(let g): return graph.globals[g].qualified
        default: return "?"
        }
    }
}
