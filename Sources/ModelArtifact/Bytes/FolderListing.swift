import SystemSeam

/// Listing folders without Foundation: names, kinds, and every regular file below a folder.
public enum FolderListing {
    /// What a folder entry is (symbolic links are not followed).
    public enum Kind: Sendable, Equatable {
        case file, folder, symlink, other
    }

    /// The entries of `folder` (without `.` and `..`), sorted by name.
    public static func entries(_ folder: String) throws -> [(name: String, kind: Kind)] {
        guard let dir = opendir(folder) else {
            throw ArtifactError(file: folder, offset: nil, rule: "unreadable", expected: "a readable folder",
                                found: String(cString: strerror(errno)))
        }
        defer { closedir(dir) }
        var result: [(String, Kind)] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let kind: Kind
            switch FileStatus(path: join(folder, name), followingLinks: false).kind {
            case .regular: kind = .file
            case .folder: kind = .folder
            case .symlink: kind = .symlink
            case .other, .missing: kind = .other
            }
            result.append((name, kind))
        }
        return result.sorted { $0.0 < $1.0 }
    }

    /// True when `path` is a folder (or a symbolic link to one).
    public static func isFolder(_ path: String) -> Bool {
        FileStatus(path: path).kind == .folder
    }

    /// The names of `folder`'s entries, sorted.
    public static func names(_ folder: String) throws -> [String] {
        try entries(folder).map(\.name)
    }

    /// Every regular file below `folder`, as paths relative to it, sorted; names beginning with `.`
    /// (`.git`, `.cache`) are left out when `skipHidden`, and symbolic links are never followed.
    /// At most `limit` files and `maxDepth` levels. (`ContainedPath.walk()` also follows the links
    /// that stay inside the folder, and lists those that leave it.)
    public static func regularFiles(under folder: String, skipHidden: Bool = true,
                                    limit: Int = 1_000_000, maxDepth: Int = 32) throws -> [String] {
        var found: [String] = []
        func walk(_ relative: String, depth: Int) throws {
            guard depth <= maxDepth else {
                throw ArtifactError(file: join(folder, relative), offset: nil, rule: "folder-too-deep",
                                    expected: "at most \(maxDepth) levels of folders", found: "more")
            }
            for (name, kind) in try entries(relative.isEmpty ? folder : join(folder, relative)) {
                if skipHidden && name.hasPrefix(".") { continue }
                let path = relative.isEmpty ? name : relative + "/" + name
                switch kind {
                case .file:
                    found.append(path)
                    guard found.count <= limit else {
                        throw ArtifactError(file: folder, offset: nil, rule: "folder-too-large",
                                            expected: "at most \(limit) files", found: "more")
                    }
                case .folder: try walk(path, depth: depth + 1)
                default: continue
                }
            }
        }
        try walk("", depth: 0)
        return found.sorted()
    }

    /// The folder part of `path`: up to its last `/`, that included; `""` for a bare name.
    public static func folder(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(path[...slash])
    }

    /// `folder/name`, without doubling a trailing slash.
    public static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
