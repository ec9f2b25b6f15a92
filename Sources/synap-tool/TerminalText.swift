/// Text from files made safe for a terminal: no control character that came from a file reaches
/// the screen. C0 and C1 controls, DEL, and the Unicode format characters that reorder or hide text
/// (bidi embeddings, overrides and isolates, marks) are shown escaped (`\x1b`, `\u{202e}`), and
/// text longer than `maxLength` characters is cut with a mark.
enum TerminalText {
    /// The longest text shown whole.
    static let maxLength = 400

    /// `text` escaped and cut.
    static func safe(_ text: String, maxLength: Int = TerminalText.maxLength) -> String {
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        var shown = 0
        while i < scalars.count {
            let s = scalars[i]
            if shown >= maxLength {
                out.append(contentsOf: "…".unicodeScalars)
                break
            }
            if isUnsafe(s) {
                let hex = String(s.value, radix: 16)
                out.append(contentsOf: (s.value < 0x100 ? "\\x" + (hex.count == 1 ? "0" : "") + hex : "\\u{\(hex)}").unicodeScalars)
            } else {
                out.append(s)
            }
            shown += 1
            i += 1
        }
        return String(out)
    }

    /// True for scalars never printed raw.
    static func isUnsafe(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return v < 0x20 || (0x7f...0x9f).contains(v) || (0x202a...0x202e).contains(v) || (0x2066...0x2069).contains(v)
            || v == 0x200e || v == 0x200f || v == 0x061c || v == 0xfeff || (0x2028...0x2029).contains(v)
    }
}
