/// The AWS shared config and credentials files (`~/.aws/config`, `~/.aws/credentials`): INI
/// sections of `key = value` lines. In the credentials file a section is the profile's name; in
/// the config file it is `profile NAME` (and `default`).
struct AWSProfileFile: Sendable {
    /// The sections by name, their keys lower-cased.
    private(set) var sections: [String: [String: String]] = [:]

    /// Parses `text`; lines that are neither a section, a setting nor a comment are skipped, as the
    /// AWS CLI does. Indented lines continue a nested setting (`s3 =` followed by sub-keys) and are
    /// kept as `parent.key`.
    init(text: String) {
        var current: String?
        var parent: String?
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let indented = raw.first == " " || raw.first == "\t"
            let line = raw.trimmed(of: " \t")
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                current = String(line.dropFirst().dropLast()).trimmed(of: " \t")
                parent = nil
                if let current, sections[current] == nil { sections[current] = [:] }
                continue
            }
            guard let current, let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals]).trimmed(of: " \t").lowercased()
            let value = String(line[line.index(after: equals)...]).trimmed(of: " \t")
            if indented, let parent {
                sections[current]?["\(parent).\(key)"] = value
            } else {
                sections[current]?[key] = value
                parent = value.isEmpty ? key : nil
            }
        }
    }

    /// The settings of profile `name` in the credentials file.
    func credentialsProfile(_ name: String) -> [String: String]? { sections[name] }

    /// The settings of profile `name` in the config file (`[default]` or `[profile NAME]`).
    func configProfile(_ name: String) -> [String: String]? {
        name == "default" ? (sections["default"] ?? sections["profile default"]) : sections["profile \(name)"]
    }
}

extension StringProtocol {
    /// The text without `characters` at either end.
    func trimmed(of characters: String) -> String {
        var text = Substring(self)
        while let first = text.first, characters.contains(first) { text = text.dropFirst() }
        while let last = text.last, characters.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
