import ModelArtifact

/// A header value of the form `token; key=value; key="quoted value"` (Content-Type,
/// Content-Disposition): the leading token, lowercased, and its parameters (keys lowercased).
struct HeaderParameters {
    /// The value before the first `;` (`multipart/form-data`, `form-data`), lowercased.
    let token: String
    /// The parameters, in order; quoted values unquoted, `key*=UTF-8''…` values percent-decoded
    /// under `key`.
    let parameters: [(key: String, value: String)]

    init(_ header: String) {
        var scanner = Substring(header)
        token = Self.trim(Self.take(&scanner, until: ";")).lowercased()
        var parameters: [(String, String)] = []
        while !scanner.isEmpty {
            scanner = scanner.dropFirst()  // the ';'
            let key = Self.trim(Self.take(&scanner, until: "=;")).lowercased()
            var value = ""
            if scanner.first == "=" {
                scanner = scanner.dropFirst()
                scanner = scanner.drop(while: { $0 == " " || $0 == "\t" })
                if scanner.first == "\"" {
                    value = Self.quoted(&scanner)
                    _ = Self.take(&scanner, until: ";")
                } else {
                    value = Self.trim(Self.take(&scanner, until: ";"))
                }
            }
            guard !key.isEmpty else { continue }
            if key.hasSuffix("*"), let decoded = Self.extended(value) {
                parameters.append((String(key.dropLast()), decoded))
            } else {
                parameters.append((key, value))
            }
        }
        self.parameters = parameters
    }

    /// The value of `key` (an extended `key*` value wins over a plain one).
    subscript(key: String) -> String? {
        parameters.last { $0.key == key }?.value
    }

    private static func take(_ scanner: inout Substring, until stops: String) -> Substring {
        let end = scanner.firstIndex { stops.contains($0) } ?? scanner.endIndex
        defer { scanner = scanner[end...] }
        return scanner[..<end]
    }

    private static func trim(_ text: Substring) -> String {
        String(text.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }

    /// A quoted string starting at `scanner` (backslash escapes one character).
    private static func quoted(_ scanner: inout Substring) -> String {
        var out = ""
        var escaped = false
        scanner = scanner.dropFirst()
        while let c = scanner.first {
            scanner = scanner.dropFirst()
            if escaped { out.append(c); escaped = false }
            else if c == "\\" { escaped = true }
            else if c == "\"" { break }
            else { out.append(c) }
        }
        return out
    }

    /// An RFC 8187 value, `UTF-8''percent%20encoded`; nil when it is not one.
    private static func extended(_ value: String) -> String? {
        let parts = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].lowercased() == "utf-8" else { return nil }
        return String(validating: HexText.percentDecoded(parts[2]), as: UTF8.self)
    }
}

/// The boundary of a `multipart/form-data` request, from its Content-Type.
enum FormBoundary {
    /// The boundary, or the 400 the request gets (not multipart; no, empty or over-long boundary).
    static func of(contentType: String?) throws(APIFailure) -> String {
        guard let contentType else {
            throw .badRequest(.notMultipart, "the upload must be sent as multipart/form-data (no Content-Type)")
        }
        let header = HeaderParameters(contentType)
        guard header.token == "multipart/form-data" else {
            throw .badRequest(.notMultipart, "the upload must be sent as multipart/form-data, not \(header.token)")
        }
        guard let boundary = header["boundary"], (1...70).contains(boundary.utf8.count) else {
            throw .badBoundary("the Content-Type needs a boundary of 1 to 70 characters (RFC 2046)")
        }
        // RFC 2046's bchars are printable ASCII, the last not a space; the parser relies on a
        // delimiter whose only CR is its first byte.
        guard boundary.utf8.allSatisfy({ (0x20...0x7E).contains($0) }), boundary.utf8.last != 0x20 else {
            throw .badBoundary("the boundary must be printable ASCII, not ending in a space (RFC 2046)")
        }
        return boundary
    }
}
