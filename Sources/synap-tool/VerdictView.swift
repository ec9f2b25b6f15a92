import ModelArtifact

/// The pickle verdict in words, for the top of `inspect` and for `scan`: "safe: only allow-listed
/// globals", or what loading the file would import and call.
struct VerdictView {
    let report: ModelReport

    /// The globals outside the allow-list the reader listed (`pytorch.disallowed`).
    var disallowed: [(global: String, called: Bool, location: String)] {
        guard case .object(let section)? = report.sections["pytorch"], case .array(let items)? = section["disallowed"] else {
            return []
        }
        return items.compactMap { item in
            guard case .object(let o) = item, let global = o["global"]?.stringValue else { return nil }
            return (global, o["called"] == .bool(true), o["location"]?.stringValue ?? "")
        }
    }

    /// The number of globals the pickles reference.
    var globalCount: Int {
        report.sections["pickle"]?.objectValue?["globals"]?.arrayValue?.count ?? 0
    }

    /// One line: the verdict and why; nil for a file without pickles.
    var summary: String? {
        guard let verdict = report.verdict else { return nil }
        if verdict == "safe" {
            return Console.severity("safe", "info") + ": only allow-listed globals (\(globalCount) referenced)"
        }
        let imports = disallowed.filter { !$0.called }.map(\.global)
        let calls = disallowed.filter(\.called).map(\.global)
        var parts: [String] = []
        if !calls.isEmpty { parts.append("would import and call " + Self.list(calls)) }
        if !imports.isEmpty { parts.append("would import " + Self.list(imports)) }
        return Console.severity("unsafe", "error") + ": " + parts.joined(separator: "; ")
    }

    /// Lines listing each disallowed global with where it is referenced.
    var details: [String] {
        disallowed.map { "    \($0.called ? "calls  " : "imports") \($0.global)" + Console.dim("  [\($0.location)]") }
    }

    static func list(_ names: [String]) -> String {
        names.count <= 6 ? names.joined(separator: ", ") : names.prefix(6).joined(separator: ", ") + " and \(names.count - 6) more"
    }
}
