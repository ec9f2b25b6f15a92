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
    /// path holds a backslash or a newline.
    public static func format(_ line: Line) -> String {
        guard line.path.contains("\\") || line.path.contains("\n") || line.path.contains("\r") else {
            return "\(line.digest)  \(line.path)"
        }
        let escaped = line.path.replacingAll("\\", with: "\\\\").replacingAll("\n", with: "\\n").replacingAll("\r", with: "\\r")
        return "\\\(line.digest)  \(escaped)"
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

    private static func unescape(_ text: String) -> String {
        var out = ""
        var escaping = false
        for c in text {
            if escaping {
                out.append(c == "n" ? "\n" : c == "r" ? "\r" : c)
                escaping = false
            } else if c == "\\" {
                escaping = true
            } else {
                out.append(c)
            }
        }
        return out
    }
}

extension String {
    /// The string with every `target` replaced by `replacement` (no Foundation needed).
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
