import ModelArtifact

/// Decodes the text arguments of pickle opcodes: strings in their four encodings, and the decimal
/// integers and floats of protocol 0 (CPython `pickle.py` `load_int`, `load_long`, `load_float`,
/// `load_string`, `load_unicode`).
enum PickleTextDecoder {
    /// The text of `text`, of which at most `limit` bytes are decoded (longer text is cut there).
    static func decode(_ text: PickleText, in file: MappedFile, limit: Int) -> String {
        let range = text.range.lowerBound..<(limit >= text.range.count ? text.range.upperBound : text.range.lowerBound + max(limit, 0))
        let bytes = UnsafeRawBufferPointer(rebasing: file.bytes[range])
        switch text.encoding {
        case .utf8:
            return String(decoding: bytes, as: UTF8.self)
        case .bytes:
            if let valid = String(validating: bytes, as: UTF8.self) { return valid }
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        case .escaped:
            return unescape(bytes, unicode: false)
        case .rawUnicodeEscape:
            return unescape(bytes, unicode: true)
        }
    }

    /// Python's backslash escapes (`unicode` false: `STRING`'s `\n \t \xhh \ooo`…; true: only
    /// raw-unicode-escape's `\uXXXX` and `\UXXXXXXXX`, other bytes Latin-1).
    static func unescape(_ bytes: UnsafeRawBufferPointer, unicode: Bool) -> String {
        var scalars = String.UnicodeScalarView()
        var utf8Run: [UInt8] = []
        func flush() {
            if !utf8Run.isEmpty {
                if unicode {
                    scalars.append(contentsOf: utf8Run.map { Unicode.Scalar($0) })
                } else {
                    scalars.append(contentsOf: String(decoding: utf8Run, as: UTF8.self).unicodeScalars)
                }
                utf8Run.removeAll(keepingCapacity: true)
            }
        }
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            guard byte == UInt8(ascii: "\\"), i + 1 < bytes.count else {
                utf8Run.append(byte)
                i += 1
                continue
            }
            let next = bytes[i + 1]
            if unicode {
                let width = next == UInt8(ascii: "u") ? 4 : next == UInt8(ascii: "U") ? 8 : 0
                if width > 0, let value = hex(bytes, from: i + 2, count: width), let scalar = Unicode.Scalar(value) {
                    flush()
                    scalars.append(scalar)
                    i += 2 + width
                } else {
                    utf8Run.append(byte)
                    i += 1
                }
                continue
            }
            i += 2
            switch next {
            case UInt8(ascii: "n"): utf8Run.append(0x0a)
            case UInt8(ascii: "t"): utf8Run.append(0x09)
            case UInt8(ascii: "r"): utf8Run.append(0x0d)
            case UInt8(ascii: "a"): utf8Run.append(0x07)
            case UInt8(ascii: "b"): utf8Run.append(0x08)
            case UInt8(ascii: "f"): utf8Run.append(0x0c)
            case UInt8(ascii: "v"): utf8Run.append(0x0b)
            case UInt8(ascii: "\n"): break
            case UInt8(ascii: "x"):
                if let value = hex(bytes, from: i, count: 2) {
                    utf8Run.append(UInt8(value))
                    i += 2
                } else {
                    utf8Run.append(contentsOf: [byte, next])
                }
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = UInt32(next - UInt8(ascii: "0"))
                var digits = 1
                while digits < 3, i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[i]) {
                    value = value * 8 + UInt32(bytes[i] - UInt8(ascii: "0"))
                    i += 1
                    digits += 1
                }
                utf8Run.append(UInt8(truncatingIfNeeded: value))
            case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""):
                utf8Run.append(next)
            default:
                utf8Run.append(contentsOf: [byte, next])
            }
        }
        flush()
        return String(scalars)
    }

    private static func hex(_ bytes: UnsafeRawBufferPointer, from start: Int, count: Int) -> UInt32? {
        guard start + count <= bytes.count else { return nil }
        var value: UInt32 = 0
        for k in start..<(start + count) {
            guard let digit = HexText.digitValue(bytes[k]) else { return nil }
            value = value << 4 | UInt32(digit)
        }
        return value
    }


    /// A decimal integer line as Python's `int()` reads it (sign, surrounding blanks, `_` between
    /// digits); `.bigInt` beyond 64 bits; nil when the line is not an integer.
    static func integer(_ bytes: UnsafeRawBufferPointer) -> PickleValue? {
        var digits: [UInt8] = []
        var negative = false
        var i = 0, end = bytes.count
        while i < end, isBlank(bytes[i]) { i += 1 }
        while end > i, isBlank(bytes[end - 1]) { end -= 1 }
        if i < end, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < end else { return nil }
        var previousUnderscore = true
        while i < end {
            let byte = bytes[i]
            if byte == UInt8(ascii: "_") {
                guard !previousUnderscore else { return nil }
                previousUnderscore = true
            } else {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                digits.append(byte - UInt8(ascii: "0"))
                previousUnderscore = false
            }
            i += 1
        }
        guard !previousUnderscore else { return nil }
        var magnitude: UInt64 = 0
        for digit in digits {
            let (times, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(UInt64(digit))
            guard !o1, !o2 else { return .bigInt(bytes: digits.count * 10 / 24 + 1) }
            magnitude = sum
        }
        if negative {
            if magnitude <= UInt64(Int64.max) { return .int(-Int64(magnitude)) }
            return magnitude == UInt64(Int64.max) + 1 ? .int(Int64.min) : .bigInt(bytes: 9)
        }
        return magnitude <= UInt64(Int64.max) ? .int(Int64(magnitude)) : .bigInt(bytes: 9)
    }

    /// A float line as Python's `float()` reads it; nil when it is not one.
    static func float(_ bytes: UnsafeRawBufferPointer) -> Double? {
        let text = String(decoding: bytes, as: UTF8.self)
        let trimmed = text.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" })
        return Double(String(trimmed.reversed().filter { $0 != "_" }))
    }

    /// The little-endian two's-complement integer of `LONG1`/`LONG4` (`pickle.decode_long`).
    static func long(_ bytes: UnsafeRawBufferPointer) -> PickleValue {
        guard !bytes.isEmpty else { return .int(0) }
        guard bytes.count <= 8 else {
            // Wider than 64 bits unless it is only sign extension.
            let sign: UInt8 = bytes[bytes.count - 1] & 0x80 != 0 ? 0xff : 0
            let extra = bytes[8...].allSatisfy { $0 == sign } && (bytes[7] & 0x80 != 0) == (sign != 0)
            return extra ? long(UnsafeRawBufferPointer(rebasing: bytes[0..<8])) : .bigInt(bytes: bytes.count)
        }
        var value: UInt64 = 0
        for (k, byte) in bytes.enumerated() { value |= UInt64(byte) << (8 * UInt64(k)) }
        if bytes[bytes.count - 1] & 0x80 != 0, bytes.count < 8 {
            value |= ~UInt64(0) << (8 * UInt64(bytes.count))
        }
        return .int(Int64(bitPattern: value))
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0d || byte == 0x0b || byte == 0x0c
    }
}
