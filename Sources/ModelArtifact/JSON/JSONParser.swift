/// A strict JSON parser (RFC 8259) over a range of a mapped file.
///
/// Strict as serde_json is (what safetensors uses): no comments, no trailing commas, no NaN, no
/// lone surrogates, no control characters in strings. Nesting depth is capped, duplicate keys can
/// be refused, and every error names the byte offset in the file.
public struct JSONParser {
    /// Limits and policies.
    public struct Options: Sendable {
        /// Deepest nesting of arrays and objects accepted.
        public var maxDepth: Int
        /// Refuse an object that names a key twice (the first repeat is the error).
        public var rejectDuplicateKeys: Bool
        /// Most values (scalars, arrays, objects; keys not counted) in one document, so that a huge
        /// flat array or object cannot grow the tree past a few hundred megabytes.
        public var maxValues: Int
        /// The defaults: depth 128, duplicates refused, 4 Mi values (a safetensors header of
        /// 400,000 tensors holds about as many).
        public init(maxDepth: Int = 128, rejectDuplicateKeys: Bool = true, maxValues: Int = 1 << 22) {
            self.maxDepth = maxDepth
            self.rejectDuplicateKeys = rejectDuplicateKeys
            self.maxValues = maxValues
        }
    }

    private var reader: ByteReader
    private let options: Options
    private let what: String
    private var depth = 0
    private var values = 0
    private var keyOffsets: [Int]? = nil

    /// Parses the whole of `reader`'s remaining range as one JSON value, `what` naming it in errors
    /// ("the safetensors header"). Only whitespace may follow the value.
    public static func parse(_ reader: ByteReader, what: String = "JSON", options: Options = .init()) throws -> JSONValue {
        var parser = JSONParser(reader: reader, options: options, what: what)
        parser.skipWhitespace()
        let value = try parser.value()
        parser.skipWhitespace()
        if let byte = parser.reader.peekByte() {
            throw parser.fail("trailing-characters", expected: "the end of \(what)", found: describe(byte))
        }
        return value
    }

    /// Parses a document that must be one object, returning it with the absolute byte offset of each
    /// top-level key (same order as the object's entries), so that later checks can point at them.
    public static func parseObjectWithKeyOffsets(_ reader: ByteReader, what: String = "JSON",
                                                 options: Options = .init()) throws -> (JSONObject, [Int]) {
        var parser = JSONParser(reader: reader, options: options, what: what)
        parser.keyOffsets = []
        parser.skipWhitespace()
        guard parser.reader.peekByte() == UInt8(ascii: "{") else {
            throw parser.fail("not-an-object", expected: "an object",
                              found: parser.reader.peekByte().map(describe) ?? "the end of the data")
        }
        let object = try parser.object()
        parser.skipWhitespace()
        if let byte = parser.reader.peekByte() {
            throw parser.fail("trailing-characters", expected: "the end of \(what)", found: describe(byte))
        }
        return (object, parser.keyOffsets ?? [])
    }

    /// Parses bytes in memory (for tests, prefixes and small files).
    public static func parse(bytes: some Collection<UInt8>, name: String = "<json>", what: String = "JSON",
                             options: Options = .init()) throws -> JSONValue {
        try parse(MappedFile(bytes: bytes, name: name).reader(), what: what, options: options)
    }

    private func fail(_ rule: String, expected: String, found: String, at position: Int? = nil) -> ArtifactError {
        reader.error("json-\(rule)", expected: "\(expected) in \(what)", found: found, at: position)
    }

    private static func describe(_ byte: UInt8) -> String {
        (0x21...0x7e).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }

    private mutating func skipWhitespace() {
        while let b = reader.peekByte(), b == 0x20 || b == 0x0a || b == 0x0d || b == 0x09 {
            try? reader.skip(1)
        }
    }

    private mutating func next(expecting expected: String) throws -> UInt8 {
        guard let b = reader.peekByte() else {
            throw fail("truncated", expected: expected, found: "the end of the data")
        }
        try reader.skip(1)
        return b
    }

    private mutating func value() throws -> JSONValue {
        guard let b = reader.peekByte() else {
            throw fail("truncated", expected: "a value", found: "the end of the data")
        }
        values += 1
        if values > options.maxValues {
            throw fail("too-many-values", expected: "at most \(options.maxValues) values", found: "more")
        }
        switch b {
        case UInt8(ascii: "{"): return .object(try object())
        case UInt8(ascii: "["): return .array(try array())
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw fail("unexpected-character", expected: "a value", found: Self.describe(b))
        }
    }

    private mutating func literal(_ word: String) throws {
        let start = reader.offset
        for expected in word.utf8 {
            guard reader.peekByte() == expected else {
                throw fail("invalid-literal", expected: "\(word)", found: "something else", at: start)
            }
            try reader.skip(1)
        }
    }

    private mutating func enter() throws {
        depth += 1
        if depth > options.maxDepth {
            throw fail("too-deep", expected: "at most \(options.maxDepth) levels of nesting", found: "more")
        }
    }

    private mutating func object() throws -> JSONObject {
        try enter()
        defer { depth -= 1 }
        try reader.skip(1)
        var result = JSONObject()
        var seen = Set<String>()
        skipWhitespace()
        if reader.peekByte() == UInt8(ascii: "}") { try reader.skip(1); return result }
        while true {
            skipWhitespace()
            let keyOffset = reader.offset
            guard let quote = reader.peekByte() else {
                throw fail("truncated", expected: "a string key", found: "the end of the data")
            }
            guard quote == UInt8(ascii: "\"") else {
                throw fail("expected-key", expected: "a string key", found: Self.describe(quote))
            }
            let key = try string()
            if depth == 1 { keyOffsets?.append(keyOffset) }
            // Small objects are searched; large ones hashed once they grow past eight members.
            if options.rejectDuplicateKeys, result.count < 8 ? result.keys.contains(key) : !Self.insert(key, into: &seen, from: result) {
                throw fail("duplicate-key", expected: "each key once", found: "\"\(key)\" again", at: keyOffset)
            }
            skipWhitespace()
            let colon = try next(expecting: "':'")
            guard colon == UInt8(ascii: ":") else {
                throw fail("expected-colon", expected: "':' after a key", found: Self.describe(colon), at: reader.offset - 1)
            }
            skipWhitespace()
            result.append(key, try value())
            skipWhitespace()
            let separator = try next(expecting: "',' or '}'")
            if separator == UInt8(ascii: "}") { return result }
            guard separator == UInt8(ascii: ",") else {
                throw fail("expected-comma", expected: "',' or '}'", found: Self.describe(separator), at: reader.offset - 1)
            }
        }
    }

    /// Inserts `key` into `seen`, first filling `seen` from `object` when it is still empty; false when present.
    private static func insert(_ key: String, into seen: inout Set<String>, from object: JSONObject) -> Bool {
        if seen.isEmpty { seen = Set(object.keys) }
        return seen.insert(key).inserted
    }

    private mutating func array() throws -> [JSONValue] {
        try enter()
        defer { depth -= 1 }
        try reader.skip(1)
        var result: [JSONValue] = []
        skipWhitespace()
        if reader.peekByte() == UInt8(ascii: "]") { try reader.skip(1); return result }
        while true {
            skipWhitespace()
            result.append(try value())
            skipWhitespace()
            let separator = try next(expecting: "',' or ']'")
            if separator == UInt8(ascii: "]") { return result }
            guard separator == UInt8(ascii: ",") else {
                throw fail("expected-comma", expected: "',' or ']'", found: Self.describe(separator), at: reader.offset - 1)
            }
        }
    }

    private mutating func string() throws -> String {
        let start = reader.offset
        try reader.skip(1)
        let bytes = reader.file.bytes
        // Fast path: no escapes, validated as UTF-8 in one step.
        var end = reader.offset
        let limit = reader.range.upperBound
        while end < limit {
            let b = bytes[end]
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 { break }
            end += 1
        }
        guard end < limit else { throw unterminated(start) }
        if bytes[end] == UInt8(ascii: "\"") {
            let raw = try reader.buffer(reader.offset..<end)
            guard let text = String(validating: raw, as: UTF8.self) else {
                throw fail("invalid-utf8", expected: "UTF-8", found: "bytes that are not UTF-8", at: start)
            }
            try reader.skip(end + 1 - reader.offset)
            return text
        }
        return try escapedString(start: start)
    }

    private mutating func escapedString(start: Int) throws -> String {
        var utf8: [UInt8] = []
        while true {
            let position = reader.offset
            let b = try stringByte(start: start)
            switch b {
            case UInt8(ascii: "\""):
                guard let text = String(validating: utf8, as: UTF8.self) else {
                    throw fail("invalid-utf8", expected: "UTF-8", found: "bytes that are not UTF-8", at: start)
                }
                return text
            case UInt8(ascii: "\\"):
                let e = try stringByte(start: start)
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(e)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0c)
                case UInt8(ascii: "n"): utf8.append(0x0a)
                case UInt8(ascii: "r"): utf8.append(0x0d)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = UInt32(try hex4(start: start))
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard let backslash = reader.peekByte() else {
                            throw unterminated(start)
                        }
                        guard backslash == UInt8(ascii: "\\") else {
                            throw fail("lone-surrogate", expected: "a low surrogate after \\u\(String(scalar, radix: 16))",
                                       found: "none", at: position)
                        }
                        try reader.skip(1)
                        guard try stringByte(start: start) == UInt8(ascii: "u") else {
                            throw fail("lone-surrogate", expected: "a \\u low surrogate", found: "another escape", at: position)
                        }
                        let low = UInt32(try hex4(start: start))
                        guard (0xDC00...0xDFFF).contains(low) else {
                            throw fail("lone-surrogate", expected: "a low surrogate", found: "\\u\(String(low, radix: 16))", at: position)
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw fail("lone-surrogate", expected: "a high surrogate first", found: "\\u\(String(scalar, radix: 16))", at: position)
                    }
                    utf8.append(contentsOf: Unicode.Scalar(scalar).map { Array(String($0).utf8) } ?? [])
                default:
                    throw fail("invalid-escape", expected: "a valid escape", found: "\\\(Self.describe(e))", at: position)
                }
            default:
                guard b >= 0x20 else {
                    throw fail("control-character", expected: "no raw control characters in a string",
                               found: Self.describe(b), at: position)
                }
                utf8.append(b)
            }
        }
    }

    /// The next byte of the string opened at `start`; running out of data leaves it unterminated.
    private mutating func stringByte(start: Int) throws -> UInt8 {
        guard let b = reader.peekByte() else { throw unterminated(start) }
        try reader.skip(1)
        return b
    }

    private func unterminated(_ start: Int) -> ArtifactError {
        fail("unterminated-string", expected: "a closing '\"'", found: "the end of the data", at: start)
    }

    private mutating func hex4(start: Int) throws -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            let position = reader.offset
            let b = try stringByte(start: start)
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: throw fail("invalid-escape", expected: "a hex digit", found: Self.describe(b), at: position)
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    private mutating func number() throws -> JSONValue {
        let start = reader.offset
        let bytes = reader.file.bytes
        var isInteger = true
        func digits(_ p: inout ByteReader) -> Int {
            var n = 0
            while let b = p.peekByte(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) { try? p.skip(1); n += 1 }
            return n
        }
        if reader.peekByte() == UInt8(ascii: "-") { try reader.skip(1) }
        let leading = reader.peekByte()
        let intDigits = digits(&reader)
        guard intDigits > 0 else { throw fail("invalid-number", expected: "a digit", found: "none", at: start) }
        if leading == UInt8(ascii: "0") && intDigits > 1 {
            throw fail("invalid-number", expected: "no leading zeros", found: "a leading zero", at: start)
        }
        if reader.peekByte() == UInt8(ascii: ".") {
            isInteger = false
            try reader.skip(1)
            guard digits(&reader) > 0 else { throw fail("invalid-number", expected: "digits after '.'", found: "none", at: start) }
        }
        if let e = reader.peekByte(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            isInteger = false
            try reader.skip(1)
            if let s = reader.peekByte(), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { try reader.skip(1) }
            guard digits(&reader) > 0 else { throw fail("invalid-number", expected: "exponent digits", found: "none", at: start) }
        }
        if isInteger, reader.offset - start <= 18 {
            // Up to 18 digits always fit in 63 bits: no text needed.
            var value: Int64 = 0
            var negative = false
            for byte in UnsafeRawBufferPointer(rebasing: bytes[start..<reader.offset]) {
                if byte == UInt8(ascii: "-") { negative = true } else { value = value * 10 + Int64(byte - UInt8(ascii: "0")) }
            }
            return .int(negative ? -value : value)
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<reader.offset]), as: UTF8.self)
        if isInteger {
            if let v = Int64(text) { return .int(v) }
            if let v = UInt64(text) { return .uint(v) }
        }
        guard let v = Double(text), v.isFinite else {
            throw fail("invalid-number", expected: "a finite number", found: text, at: start)
        }
        return .double(v)
    }
}
