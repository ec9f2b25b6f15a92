/// Escaping text one Unicode scalar at a time, for the formats whose escapes name single code
/// points (workflow commands, `sha256sum` lines). Scalars, not `Character`s: in Swift `"\r\n"` is
/// one `Character`, so a `Character`-based replacement of `"\n"` never matches inside it.
public enum ScalarEscape {
    /// `text` with each scalar for which `replacement` gives text replaced by it, the others kept.
    public static func replacing(_ text: String, _ replacement: (Unicode.Scalar) -> String?) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if let text = replacement(scalar) {
                out.append(contentsOf: text.unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}
