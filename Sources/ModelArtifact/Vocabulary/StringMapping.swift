/// A value whose texts can all be rewritten at once: how a view makes everything a file put into a
/// report safe to show (the CLI escapes control characters) without knowing where each text sits.
public protocol StringMapping {
    /// The value with every text read from a file (names, keys, values, paths) passed through
    /// `transform`; numbers, flags and the format's fixed vocabulary stay as they are.
    func mapStrings(_ transform: (String) -> String) -> Self
}

extension String: StringMapping {
    public func mapStrings(_ transform: (String) -> String) -> String { transform(self) }
}

extension Optional: StringMapping where Wrapped: StringMapping {
    public func mapStrings(_ transform: (String) -> String) -> Wrapped? { map { $0.mapStrings(transform) } }
}

extension Array: StringMapping where Element: StringMapping {
    public func mapStrings(_ transform: (String) -> String) -> [Element] { map { $0.mapStrings(transform) } }
}

extension JSONValue: StringMapping {
    public func mapStrings(_ transform: (String) -> String) -> JSONValue {
        switch self {
        case .string(let s): return .string(transform(s))
        case .array(let items): return .array(items.mapStrings(transform))
        case .object(let o): return .object(o.mapStrings(transform))
        default: return self
        }
    }
}

extension JSONObject: StringMapping {
    /// Keys and values mapped, in the same order.
    public func mapStrings(_ transform: (String) -> String) -> JSONObject {
        var c = JSONObject()
        for (key, item) in self { c.append(transform(key), item.mapStrings(transform)) }
        return c
    }
}

extension DType: StringMapping {
    public func mapStrings(_ transform: (String) -> String) -> DType {
        if case .quantized(let name) = self { return .quantized(transform(name)) }
        return self
    }
}

extension Dimension: StringMapping {
    public func mapStrings(_ transform: (String) -> String) -> Dimension {
        if case .symbolic(let name) = self { return .symbolic(transform(name)) }
        return self
    }
}

extension ValueInfo: StringMapping {
    public func mapStrings(_ transform: (String) -> String) -> ValueInfo {
        var c = self
        c.name = transform(name)
        c.dtype = dtype.mapStrings(transform)
        c.shape = shape.mapStrings(transform)
        c.type = type.mapStrings(transform)
        c.extra = extra.mapStrings(transform)
        return c
    }
}

extension GraphSummary: StringMapping {
    public func mapStrings(_ transform: (String) -> String) -> GraphSummary {
        var c = self
        c.name = name.mapStrings(transform)
        c.inputs = inputs.mapStrings(transform)
        c.outputs = outputs.mapStrings(transform)
        c.operators = operators.map { (name: transform($0.name), count: $0.count) }
        c.delegate = delegate.mapStrings(transform)
        c.extra = extra.mapStrings(transform)
        return c
    }
}

extension TensorInfo: StringMapping {
    public func mapStrings(_ transform: (String) -> String) -> TensorInfo {
        var c = self
        c.name = transform(name)
        c.dtype = dtype.mapStrings(transform)
        c.shape = shape.mapStrings(transform)
        c.file = file.mapStrings(transform)
        if !extra.isEmpty { c.extra = extra.mapStrings(transform) }
        return c
    }
}

extension ModelReport: StringMapping {
    /// Every member mapped but `findings`, whose messages a view shows under limits of its own.
    public func mapStrings(_ transform: (String) -> String) -> ModelReport {
        var r = self
        r.path = transform(path)
        r.formatVersion = formatVersion.mapStrings(transform)
        r.producer = producer.map { (name: transform($0.name), version: $0.version.mapStrings(transform)) }
        r.opsets = opsets?.map { (domain: transform($0.domain), version: $0.version) }
        r.graphs = graphs.mapStrings(transform)
        r.tensors = tensors.mapStrings(transform)
        r.metadata = metadata.mapStrings(transform)
        r.sections = sections.map { $0.mapStrings(transform) }
        return r
    }
}
