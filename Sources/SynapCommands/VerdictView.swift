import ModelArtifact
import PTReader

/// The pickle verdict in words, for the top of `inspect` and for `scan`: "safe: only allow-listed
/// globals", what loading the file would import and call, or why the verdict is unknown. Callers
/// hand it a report already cleaned for the terminal (`TerminalText.report`).
struct VerdictView {
    let report: ModelReport

    /// The globals outside the allow-list the reader listed (a computed one described by what computes it).
    var disallowed: [(global: String, called: Bool, location: String)] {
        (report.section(PyTorchSection.self)?.disallowed ?? []).map {
            ($0.computed.map { "a computed global (\($0))" } ?? $0.global, $0.called, $0.location)
        }
    }

    /// Why the verdict is unknown: the PT014 findings' messages.
    var unknownReasons: [Finding] { report.findings.filter { $0.code == PTFindingCode.verdictUnknown.rawValue } }

    /// The number of globals the pickles reference.
    var globalCount: Int {
        report.section(PickleSection.self)?.globals.count ?? 0
    }

    /// One line: the verdict and why; nil for a file without pickles.
    var summary: String? {
        guard let verdict = report.verdict else { return nil }
        switch verdict {
        case .safe:
            return Console.severity("safe", "info") + ": only allow-listed globals (\(globalCount) referenced)"
        case .unknown:
            let reason = unknownReasons.first.map { String($0.message.dropFirst("the verdict is unknown: ".count)) } ?? "not every pickle could be read"
            return Console.severity("unknown", "warning") + ": never safe: " + reason
        case .unsafe:
            let imports = disallowed.filter { !$0.called }.map(\.global)
            let calls = disallowed.filter(\.called).map(\.global)
            var parts: [String] = []
            if !calls.isEmpty { parts.append("would import and call " + Self.list(calls)) }
            if !imports.isEmpty { parts.append("would import " + Self.list(imports)) }
            return Console.severity("unsafe", "error") + ": " + parts.joined(separator: "; ")
        }
    }

    /// Lines listing each disallowed global with where it is referenced, and the other reasons
    /// the verdict is unknown.
    var details: [String] {
        disallowed.map { "    \($0.called ? "calls  " : "imports") \($0.global)" + Console.dim("  [\($0.location)]") }
            + unknownReasons.dropFirst().map {
                "    unknown \($0.message)" + Console.dim("  [\($0.location ?? "")]")
            }
    }

    static func list(_ names: [String]) -> String {
        names.count <= 6 ? names.joined(separator: ", ") : names.prefix(6).joined(separator: ", ") + " and \(names.count - 6) more"
    }
}
