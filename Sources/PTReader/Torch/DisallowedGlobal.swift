import ModelArtifact

/// A global outside the allow-list, as a report lists it under `pytorch.disallowed`: written by
/// the judge, read back by whoever acts on the verdict (the CLI's views, conversion), so that the
/// section's shape is known in one place.
public struct DisallowedGlobal: Sendable, Equatable {
    /// `module.name` (`<computed>` parts for a computed global).
    public let global: String
    public let module: String
    public let name: String
    /// True when the pickle calls it (REDUCE, NEWOBJ, INST, OBJ), not only imports it.
    public let called: Bool
    public let references: Int
    /// `entry@0x…` of its first opcode.
    public let location: String
    /// What computes it, for a global that is no literal `module.name`.
    public let computed: String?

    /// The report member that lists them, inside the `pytorch` section.
    public static let member = "disallowed"

    /// The globals `report` lists as outside the allow-list, in the order they were met.
    public static func all(in report: ModelReport) -> [DisallowedGlobal] {
        (report.sections["pytorch"]?.objectValue?[member]?.arrayValue ?? []).compactMap { item in
            guard case .object(let o) = item, let global = o["global"]?.stringValue else { return nil }
            return DisallowedGlobal(global: global, module: o["module"]?.stringValue ?? "", name: o["name"]?.stringValue ?? "",
                                    called: o["called"] == .bool(true), references: Int(o["references"]?.intValue ?? 1),
                                    location: o["location"]?.stringValue ?? "", computed: o["computed"]?.stringValue)
        }
    }

    /// The JSON the report holds.
    var json: JSONValue {
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
}
