import ArchitectureCheck
import ModelArtifact
import ONNXReader

/// Text that came from a file, made safe to print on a terminal: it can neither move the cursor,
/// recolour, retitle or clear the screen (no C0 or C1 control, no ESC, no DEL), nor reorder what is
/// shown around it (no bidi embedding, override, isolate or mark, no other invisible format
/// character), nor fill the screen. Each such character is shown escaped — `\n`, `\r`, `\t`,
/// `\x1b`, `\u{202e}` — and a text longer than its limit is cut with `…`.
///
/// Every view applies it to file-derived text only (names, paths, messages), before adding its own
/// colour escapes. `clean` is idempotent: cleaning cleaned text changes nothing.
package enum TerminalText {
    /// Most characters of a name or path shown (a screen's width).
    package static let nameLimit = 200
    /// Most characters of a message shown (a finding's text, an error).
    static let messageLimit = 2000

    /// `text` with every unsafe character escaped, cut with `…` past `limit` characters.
    package static func clean(_ text: String, limit: Int = nameLimit) -> String {
        var count = 0
        var safe = true
        for scalar in text.unicodeScalars {
            count += 1
            if isUnsafe(scalar) { safe = false; break }
        }
        if safe && count <= limit { return text }
        var out = String.UnicodeScalarView()
        var shown = 0
        var fitted = out.endIndex   // the end of what fits before a `…`
        for scalar in text.unicodeScalars {
            let piece = isUnsafe(scalar) ? escape(scalar) : String(scalar)
            let length = piece.unicodeScalars.count
            if shown + length > limit { return String(out[..<fitted]) + "…" }
            out.append(contentsOf: piece.unicodeScalars)
            shown += length
            if shown < limit { fitted = out.endIndex }
        }
        return String(out)
    }

    /// True for a character that must not reach a terminal as it is: C0 controls, DEL, C1
    /// controls, line and paragraph separators, and format characters (bidi embeddings,
    /// overrides, isolates and marks, zero-width spaces, tag characters…), but the zero-width
    /// joiner that emoji sequences need.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 || (0x7f...0x9f).contains(v) { return true }
        if v < 0xa0 { return false }
        switch scalar.properties.generalCategory {
        case .format: return v != 0x200d
        case .lineSeparator, .paragraphSeparator, .control: return true
        default: return false
        }
    }

    /// `\n`, `\r`, `\t`, `\x1b` (other C0, DEL, C1) or `\u{202e}`.
    static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default:
            let hex = String(scalar.value, radix: 16)
            return scalar.value < 0x100 ? "\\x" + (hex.count < 2 ? "0" : "") + hex : "\\u{\(hex)}"
        }
    }

    /// A finding with its message and location cleaned.
    static func finding(_ finding: Finding) -> Finding {
        var copy = finding
        copy.code = clean(finding.code)
        copy.message = clean(finding.message, limit: messageLimit)
        copy.location = finding.location.map { clean($0) }
        return copy
    }

    /// The report with every string in it cleaned — path, names, dtypes, symbolic dimensions,
    /// metadata keys and values, format sections (`mapStrings`), findings — for the human view, whose
    /// parts can then print what they read. The ONNX checker's text keeps its first line only (what
    /// the view shows). Counts, sizes and offsets are untouched.
    static func report(_ report: ModelReport) -> ModelReport {
        var r = report
        if let checker = report.section(ONNXCheckerVerdict.self) {
            r.set(ONNXCheckerVerdict(text: String(checker.text.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" })))
        }
        r = r.mapStrings { clean($0) }
        r.findings = report.findings.map(finding)
        return r
    }
}
