import ArchitectureCheck
import ModelArtifact

/// Text that came from a file, made safe to print on a terminal: it can neither move the cursor,
/// recolour, retitle or clear the screen (no C0 or C1 control, no ESC, no DEL), nor reorder what is
/// shown around it (no bidi embedding, override, isolate or mark, no other invisible format
/// character), nor fill the screen. Each such character is shown escaped — `\n`, `\r`, `\t`,
/// `\x1b`, `\u{202e}` — and a text longer than its limit is cut with `…`.
///
/// Every view applies it to file-derived text only (names, paths, messages), before adding its own
/// colour escapes. `clean` is idempotent: cleaning cleaned text changes nothing.
enum TerminalText {
    /// Most characters of a name or path shown (a screen's width).
    static let nameLimit = 200
    /// Most characters of a message shown (a finding's text, an error).
    static let messageLimit = 2000

    /// `text` with every unsafe character escaped, cut with `…` past `limit` characters.
    static func clean(_ text: String, limit: Int = nameLimit) -> String {
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
    /// metadata keys and values, format sections, findings — for the human view, whose parts can
    /// then print what they read. The ONNX checker's text keeps its first line only (what the view
    /// shows). Counts, sizes and offsets are untouched.
    static func report(_ report: ModelReport) -> ModelReport {
        var r = report
        r.path = clean(report.path)
        r.formatVersion = report.formatVersion.map { clean($0) }
        r.producer = report.producer.map { (name: clean($0.name), version: $0.version.map { clean($0) }) }
        r.opsets = report.opsets?.map { (domain: clean($0.domain), version: $0.version) }
        r.graphs = report.graphs?.map(graph)
        r.tensors = report.tensors?.map(tensor)
        r.metadata = report.metadata.map(object)
        var sections = report.sections
        if case .string(let checker)? = sections["checker"] {
            sections["checker"] = .string(String(checker.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }))
        }
        r.sections = object(sections)
        r.findings = report.findings.map(finding)
        return r
    }

    private static func graph(_ g: GraphSummary) -> GraphSummary {
        var c = g
        c.name = g.name.map { clean($0) }
        c.inputs = g.inputs.map(value)
        c.outputs = g.outputs.map(value)
        c.operators = g.operators.map { (name: clean($0.name), count: $0.count) }
        c.delegate = g.delegate.map { clean($0) }
        c.extra = object(g.extra)
        return c
    }

    private static func value(_ v: ValueInfo) -> ValueInfo {
        var c = v
        c.name = clean(v.name)
        c.dtype = v.dtype.map(dtype)
        c.shape = v.shape?.map(dimension)
        c.type = v.type.map { clean($0) }
        c.extra = object(v.extra)
        return c
    }

    private static func tensor(_ t: TensorInfo) -> TensorInfo {
        var c = t
        c.name = clean(t.name)
        c.dtype = dtype(t.dtype)
        c.shape = t.shape.map(dimension)
        c.file = t.file.map { clean($0) }
        if !t.extra.isEmpty { c.extra = object(t.extra) }
        return c
    }

    private static func dtype(_ d: DType) -> DType {
        if case .quantized(let name) = d { return .quantized(clean(name)) }
        return d
    }

    private static func dimension(_ d: Dimension) -> Dimension {
        if case .symbolic(let name) = d { return .symbolic(clean(name)) }
        return d
    }

    private static func object(_ o: JSONObject) -> JSONObject {
        var c = JSONObject()
        for (key, item) in o { c.append(clean(key), json(item)) }
        return c
    }

    private static func json(_ v: JSONValue) -> JSONValue {
        switch v {
        case .string(let s): return .string(clean(s))
        case .array(let items): return .array(items.map(json))
        case .object(let o): return .object(object(o))
        default: return v
        }
    }
}
