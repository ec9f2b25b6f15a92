/// Decoding entry names and judging whether they are safe to extract.
public enum ZipNames {
    /// A decoded name and whether its bytes were valid in the encoding its flags name.
    struct Decoded {
        var name: String
        var valid: Bool
    }

    /// Decodes name bytes: UTF-8 when `utf8` (flag bit 11), otherwise code page 437, as the ZIP specification says.
    static func decode(_ bytes: UnsafeRawBufferPointer, utf8: Bool) -> Decoded {
        if utf8 || !bytes.contains(where: { $0 >= 0x80 }) {
            if let text = String(validating: bytes, as: UTF8.self) { return Decoded(name: text, valid: true) }
            return Decoded(name: String(decoding: bytes, as: UTF8.self), valid: false)
        }
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let value = byte < 0x80 ? UInt32(byte) : UInt32(cp437High[Int(byte) - 0x80])
            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        return Decoded(name: String(scalars), valid: true)
    }

    /// Why `name` would escape the folder it is extracted into (`ZIP001`), or `nil`.
    public static func escapeReason(_ name: String) -> String? {
        let scalars = Array(name.unicodeScalars.prefix(2))
        if let first = scalars.first, first == "/" || first == "\\" { return "is an absolute path" }
        if scalars.count == 2, scalars[1] == ":", isASCIILetter(scalars[0]) {
            return "starts with a drive letter"
        }
        // A ".." component: two dots bounded by the name's ends or by separators.
        let bytes = Array(name.utf8)
        for i in bytes.indices.dropLast() where bytes[i] == 0x2E && bytes[i + 1] == 0x2E {
            let before = i == 0 || bytes[i - 1] == 0x2F || bytes[i - 1] == 0x5C
            let after = i + 2 == bytes.count || bytes[i + 2] == 0x2F || bytes[i + 2] == 0x5C
            if before && after { return "has a '..' component" }
        }
        return nil
    }

    /// Why `name` is not portable (`ZIP002`), or `nil`.
    static func portabilityReason(_ decoded: Decoded) -> String? {
        if !decoded.valid { return "is not valid UTF-8 although flag bit 11 says it is" }
        if decoded.name.isEmpty { return "is empty" }
        if decoded.name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) {
            return "holds a control character or NUL"
        }
        if decoded.name.contains("\\") { return "holds a backslash" }
        return nil
    }

    private static func isASCIILetter(_ s: Unicode.Scalar) -> Bool {
        (s >= "A" && s <= "Z") || (s >= "a" && s <= "z")
    }

    /// Code page 437, bytes 0x80…0xFF, as Unicode scalars.
    static let cp437High: [UInt16] = [
        0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7, 0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
        0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9, 0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192,
        0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA, 0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
        0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556, 0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,
        0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F, 0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,
        0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B, 0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
        0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4, 0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229,
        0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248, 0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0,
    ]
}
