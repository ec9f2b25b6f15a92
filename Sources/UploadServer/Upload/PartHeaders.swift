/// A part's header block (RFC 7578 §4.8, RFC 7230 §3.2): `name: value` lines separated by CRLF,
/// read strictly. A part header comes from the client, so every rule a line breaks is a 400,
/// never a guess.
enum PartHeaders {
    /// The headers of `block` (the bytes between the delimiter line and the empty line, without the
    /// final CRLF), in order, names as sent, values with surrounding blanks removed.
    /// - Parameter offset: where `block` starts in the body, for the error message.
    static func parse(_ block: ArraySlice<UInt8>, offset: Int) throws(APIFailure) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        var lineStart = block.startIndex
        while lineStart < block.endIndex {
            let lineEnd = crlf(in: block[lineStart...]) ?? block.endIndex
            headers.append(try line(block[lineStart..<lineEnd], offset: offset + (lineStart - block.startIndex)))
            lineStart = min(block.endIndex, lineEnd + 2)
        }
        return headers
    }

    private static func line(_ line: ArraySlice<UInt8>, offset: Int) throws(APIFailure) -> (name: String, value: String) {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else {
            throw malformed("a part header line has no `name:`", at: offset)
        }
        let name = line[..<colon]
        if let bad = name.firstIndex(where: { !isTokenCharacter($0) }) {
            throw badNameByte(name[bad], at: offset + (bad - line.startIndex))
        }
        var value = line[(colon + 1)...]
        while let first = value.first, isBlank(first) { value = value.dropFirst() }
        while let last = value.last, isBlank(last) { value = value.dropLast() }
        if let bad = value.firstIndex(where: { $0 < 0x20 && $0 != 0x09 || $0 == 0x7F }) {
            throw malformed("a part header's value holds a control byte (0x\(hex(value[bad])))", at: offset + (bad - line.startIndex))
        }
        guard let text = String(validating: value, as: UTF8.self) else {
            throw malformed("a part header's value is not UTF-8", at: offset + (colon + 1 - line.startIndex))
        }
        // The name is ASCII by the token check.
        return (String(decoding: name, as: UTF8.self), text)
    }

    /// Checks a header block while it is still arriving, so a part whose header name breaks the
    /// rules is refused at once rather than when (if ever) its block ends: each line's name, byte
    /// by byte up to its colon. The rest of each line is checked by ``parse(_:offset:)``.
    struct EarlyCheck {
        private var lineStart = 0
        private var scanned = 0
        private var inName = true

        /// Checks the bytes of `block` not yet seen (the block so far; `offset` is where it starts in the body).
        mutating func advance(over block: [UInt8], offset: Int) throws(APIFailure) {
            while scanned < block.count {
                let byte = block[scanned]
                if inName {
                    if byte == UInt8(ascii: ":"), scanned > lineStart {
                        inName = false
                    } else if byte == 0x0D, scanned == lineStart {
                        // The empty line ending the block: only CRLF may follow (the caller finds the end).
                        if scanned + 1 < block.count, block[scanned + 1] != 0x0A {
                            throw malformed("the empty line ending a part's headers must be CRLF", at: offset + scanned)
                        }
                        return
                    } else if !isTokenCharacter(byte) {
                        throw badNameByte(byte, at: offset + scanned)
                    }
                } else if byte == 0x0A, block[scanned - 1] == 0x0D {
                    lineStart = scanned + 1
                    inName = true
                }
                scanned += 1
            }
        }
    }

    /// The index of the first CRLF in `bytes`.
    static func crlf(in bytes: ArraySlice<UInt8>) -> Int? {
        var index = bytes.startIndex
        while let cr = bytes[index...].firstIndex(of: 0x0D) {
            if cr + 1 < bytes.endIndex, bytes[cr + 1] == 0x0A { return cr }
            index = cr + 1
        }
        return nil
    }

    /// RFC 7230 `tchar`: the bytes a header name may hold.
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return byte < 0x10 ? "0" + digits : digits
    }

    /// 400 `malformed_multipart` for a header name byte that is not a token character.
    static func badNameByte(_ byte: UInt8, at offset: Int) -> APIFailure {
        malformed("a part header's name holds a byte (0x\(hex(byte))) that is not a token character", at: offset)
    }

    /// 400 `malformed_multipart` naming the body offset.
    static func malformed(_ rule: String, at offset: Int) -> APIFailure {
        .badRequest(.malformedMultipart, "the multipart body is malformed at byte \(offset): \(rule)")
    }
}
