import ModelArtifact

/// A global outside the allow-list, as a report lists it under `pytorch.disallowed`
/// (`PyTorchSection.disallowed`): written by the judge, read by whoever acts on the verdict (the
/// CLI's views, conversion).
public struct DisallowedGlobal: Sendable, Equatable, StringMapping {
    /// `module.name` (`<computed>` parts for a computed global).
    public var global: String
    public var module: String
    public var name: String
    /// True when the pickle calls it (REDUCE, NEWOBJ, INST, OBJ), not only imports it.
    public var called: Bool
    public var references: Int
    /// `entry@0x…` of its first opcode.
    public var location: String
    /// What computes it, for a global that is no literal `module.name`.
    public var computed: String?

    /// The JSON a report (and `scan`) lists.
    public var json: JSONValue {
        var o = JSONObject()
        o.append("global", .string(global))
        o.append("module", .string(module))
        o.append("name", .string(name))
        o.append("called", .bool(called))
        o.append("references", .int(Int64(references)))
        o.append("location", .string(location))
        if let computed { o.append("computed", .string(computed)) }
        return .object(o)
    }

    public func mapStrings(_ transform: (String) -> String) -> DisallowedGlobal {
        DisallowedGlobal(global: transform(global), module: transform(module), name: transform(name), called: called,
                         references: references, location: transform(location), computed: computed.mapStrings(transform))
    }
}
