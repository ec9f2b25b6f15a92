import Crypto
import ModelArtifact

/// `sha256sum`-format manifests: writing them, reading them back for `--check`, and the one digest
/// that names a whole checkpoint.
public enum Manifest {
    /// One line of a manifest: a digest and the path it belongs to.
    public struct Line: Sendable, Equatable {
        /// Lowercase hex digest.
        public var digest: String
        /// The path as written in the manifest.
        public var path: String
        /// Creates a line.
        public init(digest: String, path: String) {
            self.digest = digest
            self.path = path
        }
    }

    /// The line as `sha256sum` writes it: `digest  path`, with a leading `\` and escapes when the
    /// path holds a backslash, a line feed or a carriage return (`escaped(_:)`).
    public static func format(_ line: Line) -> String {
        guard let escaped = escaped(line.path) else { return "\(line.digest)  \(line.path)" }
        return "\\\(line.digest)  \(escaped)"
    }

    /// `path` as GNU coreutils (9.x) writes a name that would break its line — `\` as `\\`, LF as
    /// `\n`, CR as `\r` — or nil when it needs no escape. A line holding an escaped name starts
    /// with `\` (the digest line, the tagged line, `-c`'s `name: OK` line), which `parse` and
    /// `sha256sum -c` undo. Works on Unicode scalars: `"\r\n"` is one `Character` in Swift.
    public static func escaped(_ path: String) -> String? {
        guard path.unicodeScalars.contains(where: { $0 == "\\" || $0 == "\n" || $0 == "\r" }) else { return nil }
        return ScalarEscape.replacing(path) { scalar in
            switch scalar {
            case "\\": return "\\\\"
            case "\n": return "\\n"
            case "\r": return "\\r"
            default: return nil
            }
        }
    }

    /// The digest that names a checkpoint: SHA-256 of its manifest, paths relative to the
    /// checkpoint folder, lines sorted by path, each ending in a newline.
    public static func checkpointDigest(_ lines: [Line]) -> String {
        let text = lines.sorted { $0.path < $1.path }.map { format($0) + "\n" }.joined()
        return HexText.lowercase(SHA256.hash(data: Array(text.utf8)))
    }

    /// Parses a manifest in `sha256sum`/`md5sum` format (also the `*` binary marker and escaped
    /// names). Blank lines and lines starting with `#` are skipped; any other malformed line is an
    /// `ArtifactError` naming its line.
    public static func parse(_ file: MappedFile) throws -> [Line] {
        guard let text = String(validating: file.bytes, as: UTF8.self) else {
            throw ArtifactError(file: file.path, offset: UTF8Check.firstInvalidIndex(in: file.bytes), rule: "manifest-not-utf8",
                                expected: "a UTF-8 text manifest", found: "bytes that are not UTF-8")
        }
        var lines: [Line] = []
        var offset = 0
        // "\r\n" is one Character in Swift: split on both line ends.
        let rawLines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (number, raw) in rawLines.enumerated() {
            defer { offset += raw.utf8.count + 1 }
            var line = Substring(raw)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let escaped = line.hasPrefix("\\")
            if escaped { line = line.dropFirst() }
            let digest = line.prefix { $0 != " " }
            let rest = line.dropFirst(digest.count)
            guard isHexDigest(digest), rest.hasPrefix("  ") || rest.hasPrefix(" *"), rest.count > 2 else {
                throw ArtifactError(file: file.path, offset: offset, rule: "manifest-line",
                                    expected: "line \(number + 1) as `digest  path`", found: "\"\(raw.prefix(80))\"")
            }
            var path = String(rest.dropFirst(2))
            if escaped { path = unescape(path) }
            lines.append(Line(digest: digest.lowercased(), path: path))
        }
        return lines
    }

    private static func isHexDigest(_ text: Substring) -> Bool {
        let parts = text.split(separator: "-", maxSplits: 1)
        guard let hex = parts.first, hex.count == 32 || hex.count == 64,
              hex.allSatisfy({ $0.isHexDigit }) else { return false }
        return parts.count == 1 || parts[1].allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Undoes `escaped(_:)`, scalar by scalar.
    private static func unescape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var escaping = false
        for scalar in text.unicodeScalars {
            if escaping {
                out.append(scalar == "n" ? "\n" : scalar == "r" ? "\r" : scalar)
                escaping = false
            } else if scalar == "\\" {
                escaping = true
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}
