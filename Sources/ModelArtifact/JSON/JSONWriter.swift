/// Writes `JSONValue`s as text: compact, or pretty with small leaf containers kept on one line
/// (one tensor per line), keys in their stored order.
public enum JSONWriter {
    /// How to lay the text out.
    public enum Style: Sendable {
        /// One line, a space after each `,` and `:` (the form pretty output uses for inline containers).
        case compact
        /// Indented; a container of scalars (or of scalar arrays) shorter than `inlineWidth` stays on one line.
        case pretty(indent: Int = 1, inlineWidth: Int = 160)
    }

    /// The text of `value`.
    public static func string(_ value: JSONValue, style: Style = .pretty()) -> String {
        var out = ""
        switch style {
        case .compact: writeCompact(value, into: &out)
        case .pretty(let indent, let width): writePretty(value, level: 0, indent: indent, width: width, into: &out)
        }
        return out
    }

    private static func writeCompact(_ value: JSONValue, into out: inout String) {
        switch value {
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                writeCompact(item, into: &out)
            }
            out += "]"
        case .object(let object):
            out += "{"
            for (i, (key, item)) in object.entries.enumerated() {
                if i > 0 { out += ", " }
                writeString(key, into: &out)
                out += ": "
                writeCompact(item, into: &out)
            }
            out += "}"
        default:
            writeScalar(value, into: &out)
        }
    }

    private static func isLeaf(_ value: JSONValue) -> Bool {
        switch value {
        case .array(let items): return items.allSatisfy { !isContainer($0) }
        case .object(let object): return object.entries.allSatisfy { !isContainer($0.value) || isLeafArray($0.value) }
        default: return true
        }
    }

    private static func isContainer(_ value: JSONValue) -> Bool {
        switch value {
        case .array, .object: return true
        default: return false
        }
    }

    private static func isLeafArray(_ value: JSONValue) -> Bool {
        if case .array(let items) = value { return items.allSatisfy { !isContainer($0) } }
        return false
    }

    private static func writePretty(_ value: JSONValue, level: Int, indent: Int, width: Int, into out: inout String) {
        if isLeaf(value) {
            var line = ""
            writeCompact(value, into: &line)
            if line.utf8.count <= width || !isContainer(value) {
                out += line
                return
            }
        }
        let pad = String(repeating: " ", count: (level + 1) * indent)
        let closePad = String(repeating: " ", count: level * indent)
        switch value {
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                writePretty(item, level: level + 1, indent: indent, width: width, into: &out)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += closePad + "]"
        case .object(let object):
            if object.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, (key, item)) in object.entries.enumerated() {
                out += pad
                writeString(key, into: &out)
                out += ": "
                writePretty(item, level: level + 1, indent: indent, width: width, into: &out)
                out += i + 1 < object.count ? ",\n" : "\n"
            }
            out += closePad + "}"
        default:
            writeScalar(value, into: &out)
        }
    }

    private static func writeScalar(_ value: JSONValue, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let v): out += String(v)
        case .uint(let v): out += String(v)
        case .double(let v): out += v.isFinite ? v.description : "null"
        case .float(let v): out += v.isFinite ? v.description : "null"
        case .string(let s): writeString(s, into: &out)
        case .array, .object: writeCompact(value, into: &out)
        }
    }

    /// Appends `text` as a quoted JSON string.
    public static func writeString(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
