/// The rule for artifact keys (`<project>/<uuid>.<ext>`, made by the server): a relative path of
/// plain names, so a key can never reach outside the store's folder nor into its `.incoming/`.
enum ArtifactKey {
    /// The longest name a file system takes for one component (`NAME_MAX`).
    static let maxComponentBytes = 255

    /// Throws `ArtifactStoreError.invalidKey` unless `key` is non-empty, relative, and made of
    /// components that are non-empty, at most 255 bytes, free of NUL, and do not begin with a dot
    /// (which rules out `.`, `..` and the store's own `.incoming`).
    static func check(_ key: String) throws(ArtifactStoreError) {
        guard isValid(key) else { throw .invalidKey(key) }
    }

    /// Whether `key` keeps the rule of `check(_:)`.
    static func isValid(_ key: String) -> Bool {
        guard !key.isEmpty, !key.hasPrefix("/") else { return false }
        return key.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).allSatisfy { name in
            !name.isEmpty && name.count <= maxComponentBytes && name.first != UInt8(ascii: ".") && !name.contains(0)
        }
    }
}
