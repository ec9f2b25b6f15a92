/// Writes `JSONValue`s as text: compact, or pretty with small leaf containers kept on one line
/// (one tensor per line), keys in their stored order. Output is built as UTF-8 bytes directly:
/// a report of thousands of tensors costs well under a millisecond.
public enum JSONWriter {
    /// How to lay the text out.
    public enum Style: Sendable {
        /// One line; members and elements separated by `", "` and keys by `": "`.
        case compact
        /// Indented; a container of scalars (or of scalar arrays) no wider than `inlineWidth` stays on one line.
        case pretty(indent: Int = 1, inlineWidth: Int = 240)
    }

    /// The text of `value`.
    public static func string(_ value: JSONValue, style: Style = .pretty()) -> String {
        String(decoding: bytes(value, style: style), as: UTF8.self)
    }

    /// The UTF-8 bytes of `value`'s text.
    public static func bytes(_ value: JSONValue, style: Style = .pretty()) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        switch style {
        case .compact: writeCompact(value, into: &out)
        case .pretty(let indent, let width): writePretty(value, level: 0, indent: indent, width: width, into: &out)
        }
        return out
    }

    /// Appends `text` as a quoted JSON string.
    public static func writeString(_ text: String, into out: inout String) {
        var bytes: [UInt8] = []
        writeString(text, into: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    private static func writeCompact(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")); out.append(UInt8(ascii: " ")) }
                writeCompact(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (i, (key, item)) in object.entries.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")); out.append(UInt8(ascii: " ")) }
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                out.append(UInt8(ascii: " "))
                writeCompact(item, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        default:
            writeScalar(value, into: &out)
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

    /// A container that may stay on one line: it holds scalars, or (an object) scalar arrays.
    private static func isLeaf(_ value: JSONValue) -> Bool {
        switch value {
        case .array(let items): return items.allSatisfy { !isContainer($0) }
        case .object(let object): return object.entries.allSatisfy { !isContainer($0.value) || isLeafArray($0.value) }
        default: return true
        }
    }

    private static func writePretty(_ value: JSONValue, level: Int, indent: Int, width: Int, into out: inout [UInt8]) {
        guard isContainer(value) else { return writeScalar(value, into: &out) }
        if isLeaf(value) {
            let start = out.count
            writeCompact(value, into: &out)
            if out.count - start <= width { return }
            out.removeSubrange(start...)
        }
        func pad(_ n: Int) { out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: n * indent)) }
        switch value {
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: [UInt8(ascii: "["), UInt8(ascii: "]")]); return }
            out.append(contentsOf: [UInt8(ascii: "["), 0x0a])
            for (i, item) in items.enumerated() {
                pad(level + 1)
                writePretty(item, level: level + 1, indent: indent, width: width, into: &out)
                if i + 1 < items.count { out.append(UInt8(ascii: ",")) }
                out.append(0x0a)
            }
            pad(level)
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.isEmpty { out.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")]); return }
            out.append(contentsOf: [UInt8(ascii: "{"), 0x0a])
            for (i, (key, item)) in object.entries.enumerated() {
                pad(level + 1)
                writeString(key, into: &out)
                out.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
                writePretty(item, level: level + 1, indent: indent, width: width, into: &out)
                if i + 1 < object.count { out.append(UInt8(ascii: ",")) }
                out.append(0x0a)
            }
            pad(level)
            out.append(UInt8(ascii: "}"))
        default:
            break
        }
    }

    private static func writeScalar(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let v): writeInteger(v.magnitude, negative: v < 0, into: &out)
        case .uint(let v): writeInteger(v, negative: false, into: &out)
        case .double(let v): out.append(contentsOf: (v.isFinite ? v.description : "null").utf8)
        case .float(let v): out.append(contentsOf: (v.isFinite ? v.description : "null").utf8)
        case .string(let s): writeString(s, into: &out)
        case .array, .object: writeCompact(value, into: &out)
        }
    }

    private static func writeInteger(_ magnitude: UInt64, negative: Bool, into out: inout [UInt8]) {
        if negative { out.append(UInt8(ascii: "-")) }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var value = magnitude
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            } while value > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    private static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        let plain = text.withUTF8 { utf8 in
            for byte in utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
            out.append(contentsOf: utf8)
            return true
        }
        if plain {
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0a: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0d: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                        hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
