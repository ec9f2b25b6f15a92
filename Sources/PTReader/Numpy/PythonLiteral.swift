/// The Python literals of a NumPy header (`{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }`),
/// parsed as `ast.literal_eval` would for what headers hold: strings, numbers, booleans, None,
/// tuples, lists and dicts. Nesting is capped; anything else is nil (not a header NumPy reads).
indirect enum PythonLiteral: Equatable {
    case string(String)
    case number(String)
    case bool(Bool)
    case none
    case sequence([PythonLiteral])
    case dict([(PythonLiteral, PythonLiteral)])

    static func == (a: PythonLiteral, b: PythonLiteral) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)), (.number(let x), .number(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.none, .none): return true
        case (.sequence(let x), .sequence(let y)): return x == y
        case (.dict(let x), .dict(let y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// Deepest nesting parsed.
    static let maxDepth = 64

    /// Parses `text` as one literal; nil when it is not one.
    static func parse(_ text: [UInt8]) -> PythonLiteral? {
        var parser = Parser(bytes: text)
        guard let value = parser.value(depth: 0) else { return nil }
        parser.space()
        return parser.index == text.count ? value : nil
    }

    /// The value for string key `key` of a dict.
    subscript(key: String) -> PythonLiteral? {
        guard case .dict(let items) = self else { return nil }
        return items.first { $0.0 == .string(key) }?.1
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        mutating func space() {
            while index < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[index]) { index += 1 }
        }

        mutating func value(depth: Int) -> PythonLiteral? {
            guard depth < PythonLiteral.maxDepth else { return nil }
            space()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "'"), UInt8(ascii: "\""): return string()
            case UInt8(ascii: "("): return sequence(close: UInt8(ascii: ")"), depth: depth)
            case UInt8(ascii: "["): return sequence(close: UInt8(ascii: "]"), depth: depth)
            case UInt8(ascii: "{"): return dict(depth: depth)
            default: return word()
            }
        }

        mutating func string() -> PythonLiteral? {
            let quote = bytes[index]
            index += 1
            var out: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == quote { return .string(String(decoding: out, as: UTF8.self)) }
                if byte == UInt8(ascii: "\\"), index < bytes.count {
                    out.append(bytes[index])
                    index += 1
                } else {
                    out.append(byte)
                }
            }
            return nil
        }

        mutating func sequence(close: UInt8, depth: Int) -> PythonLiteral? {
            index += 1
            var items: [PythonLiteral] = []
            while true {
                space()
                guard index < bytes.count else { return nil }
                if bytes[index] == close { index += 1; return .sequence(items) }
                guard let item = value(depth: depth + 1) else { return nil }
                items.append(item)
                space()
                guard index < bytes.count else { return nil }
                if bytes[index] == UInt8(ascii: ",") { index += 1 } else if bytes[index] != close { return nil }
            }
        }

        mutating func dict(depth: Int) -> PythonLiteral? {
            index += 1
            var items: [(PythonLiteral, PythonLiteral)] = []
            while true {
                space()
                guard index < bytes.count else { return nil }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return .dict(items) }
                guard let key = value(depth: depth + 1) else { return nil }
                space()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
                index += 1
                guard let item = value(depth: depth + 1) else { return nil }
                items.append((key, item))
                space()
                guard index < bytes.count else { return nil }
                if bytes[index] == UInt8(ascii: ",") { index += 1 } else if bytes[index] != UInt8(ascii: "}") { return nil }
            }
        }

        mutating func word() -> PythonLiteral? {
            let start = index
            while index < bytes.count, ![0x20, 0x09, 0x0a, 0x0d, 0x2c, 0x29, 0x5d, 0x7d, 0x3a].contains(bytes[index]) { index += 1 }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            switch text {
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "None": return PythonLiteral.none
            default:
                guard let first = text.first, first.isNumber || first == "-" || first == "+" else { return nil }
                return .number(text)
            }
        }
    }
}
