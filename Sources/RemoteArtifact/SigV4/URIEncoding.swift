import ModelArtifact

/// The percent-encoding SigV4 prescribes (RFC 3986 unreserved characters kept, every other byte as
/// `%XX` with upper-case hex), for canonical paths, query names and values.
enum URIEncoding {
    /// `text`'s UTF-8 bytes encoded; `/` kept when `keepSlash` (a path).
    static func encode(_ text: some StringProtocol, keepSlash: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + String(hexDigits[Int(byte >> 4)]) + String(hexDigits[Int(byte & 0x0F)])
            }
        }
        return out
    }

    /// `text` with every `%XX` decoded (a malformed escape is kept as written); nil when the bytes
    /// are not UTF-8.
    static func decode(_ text: some StringProtocol) -> String? {
        String(validating: HexText.percentDecoded(text), as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF")

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
