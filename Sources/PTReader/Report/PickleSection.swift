import ModelArtifact

/// The report's `pickle` section: every global the pickles a loader would unpickle reference, for
/// a file or for a whole checkpoint folder.
public struct PickleSection: ReportSection, Equatable {
    public static let key = "pickle"

    /// Every global referenced (`module.name`), each once, sorted by their UTF-8 bytes.
    public private(set) var globals: [String]

    /// The section listing `globals`, each once, in order.
    public init(globals: some Collection<String>) {
        self.globals = Set(globals).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.append("globals", .array(globals.map { .string($0) }))
        return .object(o)
    }

    public func mapStrings(_ transform: (String) -> String) -> PickleSection {
        var c = self
        c.globals = globals.mapStrings(transform)
        return c
    }
}
