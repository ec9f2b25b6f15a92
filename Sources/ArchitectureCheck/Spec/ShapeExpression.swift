import ModelArtifact

/// An integer expression over config values, as architecture files write tensor shapes:
/// `"hidden_size"`, `"num_attention_heads * head_dim"`, `"hidden_size / 32"`, `"2 * (a + b)"`.
///
/// Grammar: `expr := term (('+' | '-') term)*`, `term := factor (('*' | '/') factor)*`,
/// `factor := integer | name | '(' expr ')'`; names are config keys (`[A-Za-z_][A-Za-z0-9_.]*`).
/// `/` divides whole numbers and must leave no remainder.
public indirect enum ShapeExpression: Sendable, Equatable, CustomStringConvertible {
    case constant(Int64)
    case variable(String)
    case binary(Character, ShapeExpression, ShapeExpression)

    /// Longest expression text accepted.
    static let maxLength = 256
    /// Deepest parenthesis nesting accepted.
    static let maxDepth = 16

    /// Parses `text`; throws `SpecError` naming the problem.
    public init(parsing text: String) throws {
        guard text.utf8.count <= Self.maxLength else {
            throw SpecError("expression longer than \(Self.maxLength) characters: \(text.prefix(40))…")
        }
        var parser = Parser(text: Array(text.utf8), source: text)
        self = try parser.expression(depth: 0)
        parser.skipSpaces()
        guard parser.position == parser.text.count else {
            throw SpecError("unexpected '\(parser.rest)' in shape expression \"\(text)\"")
        }
    }

    /// The names the expression reads.
    public var variables: [String] {
        switch self {
        case .constant: return []
        case .variable(let name): return [name]
        case .binary(_, let a, let b): return a.variables + b.variables
        }
    }

    /// The value with `values` for the names; nil when a name has no value, a division is not exact
    /// or by zero, or the arithmetic overflows.
    public func evaluate(_ values: [String: Int64]) -> Int64? {
        switch self {
        case .constant(let n): return n
        case .variable(let name): return values[name]
        case .binary(let op, let a, let b):
            guard let x = a.evaluate(values), let y = b.evaluate(values) else { return nil }
            switch op {
            case "+": return checked(x.addingReportingOverflow(y))
            case "-": return checked(x.subtractingReportingOverflow(y))
            case "*": return checked(x.multipliedReportingOverflow(by: y))
            default: return y != 0 && x % y == 0 ? x / y : nil
            }
        }
    }

    private func checked(_ result: (partialValue: Int64, overflow: Bool)) -> Int64? {
        result.overflow ? nil : result.partialValue
    }

    public var description: String {
        switch self {
        case .constant(let n): return String(n)
        case .variable(let name): return name
        case .binary(let op, let a, let b): return "(\(a) \(op) \(b))"
        }
    }

    /// Recursive descent over the UTF-8 bytes.
    private struct Parser {
        let text: [UInt8]
        let source: String
        var position = 0

        var rest: String { String(decoding: text[position...], as: UTF8.self) }

        mutating func skipSpaces() {
            while position < text.count, text[position] == UInt8(ascii: " ") { position += 1 }
        }

        mutating func take(_ ops: String) -> Character? {
            skipSpaces()
            guard position < text.count, let c = ops.utf8.first(where: { $0 == text[position] }) else { return nil }
            position += 1
            return Character(Unicode.Scalar(c))
        }

        mutating func expression(depth: Int) throws -> ShapeExpression {
            var left = try term(depth: depth)
            while let op = take("+-") { left = .binary(op, left, try term(depth: depth)) }
            return left
        }

        mutating func term(depth: Int) throws -> ShapeExpression {
            var left = try factor(depth: depth)
            while let op = take("*/") { left = .binary(op, left, try factor(depth: depth)) }
            return left
        }

        mutating func factor(depth: Int) throws -> ShapeExpression {
            skipSpaces()
            guard position < text.count else { throw SpecError("shape expression \"\(source)\" ends too soon") }
            let c = text[position]
            if c == UInt8(ascii: "(") {
                guard depth < ShapeExpression.maxDepth else {
                    throw SpecError("shape expression \"\(source)\" nests deeper than \(ShapeExpression.maxDepth)")
                }
                position += 1
                let inner = try expression(depth: depth + 1)
                guard take(")") != nil else { throw SpecError("missing ')' in shape expression \"\(source)\"") }
                return inner
            }
            let start = position
            if Self.isDigit(c) {
                var value: Int64 = 0
                while position < text.count, Self.isDigit(text[position]) {
                    let (times, o1) = value.multipliedReportingOverflow(by: 10)
                    let (next, o2) = times.addingReportingOverflow(Int64(text[position] - UInt8(ascii: "0")))
                    guard !o1 && !o2 else { throw SpecError("number too large in shape expression \"\(source)\"") }
                    value = next
                    position += 1
                }
                return .constant(value)
            }
            guard Self.isNameStart(c) else { throw SpecError("unexpected '\(rest)' in shape expression \"\(source)\"") }
            while position < text.count, Self.isNameStart(text[position]) || Self.isDigit(text[position])
                || text[position] == UInt8(ascii: ".") {
                position += 1
            }
            return .variable(String(decoding: text[start..<position], as: UTF8.self))
        }

        static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        static func isNameStart(_ c: UInt8) -> Bool {
            (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == UInt8(ascii: "_")
        }
    }
}

/// A mistake in an architecture file (built in or given with `--arch-file`).
public struct SpecError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong, in one sentence.
    public var message: String
    /// Creates the error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
