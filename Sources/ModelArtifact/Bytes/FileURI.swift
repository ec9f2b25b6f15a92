/// Paths written as URI references (SARIF's `artifactLocation`, the server's `artifact_uri`).
public enum FileURI {
    /// `path` as a URI reference: relative paths stay relative, absolute ones become `file://`
    /// URIs, and bytes outside the unreserved set (but `/`) are percent-encoded.
    public static func reference(_ path: String) -> String {
        var out = path.hasPrefix("/") ? "file://" : ""
        for byte in path.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80 && (c.isLetter || c.isNumber || "-._~/".contains(c)) {
                out.append(c)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }
}
