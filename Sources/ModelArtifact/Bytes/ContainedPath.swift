import SystemSeam

/// Paths that must stay inside a folder: the shards, index and config of a checkpoint folder, the
/// files below a folder that is scanned. A name is resolved as the kernel resolves it (every
/// symbolic link, every hop, `..` after a link included: `realpath`) and the result must lie inside
/// the folder, or inside the `blobs/` folder of the same Hugging Face cache repository when the
/// folder is a snapshot (`models--ORG--NAME/snapshots/REV/model.safetensors → ../../blobs/SHA` is how
/// every cached model looks). Nothing outside is ever opened.
///
/// ```swift
/// let root = try ContainedPath(root: "checkpoints/llama")
/// switch root.resolve("model-00001-of-00004.safetensors") {
/// case .file(let file): let mapped = try file.map()      // the very file resolved, or file-changed
/// case .outsideByLink(let path, let link, let target): … // an error naming the link and its target
/// case .outsideByName(let path): …                       // `../x`, `/etc/passwd`: never touched
/// default: …                                             // missing, a folder, a FIFO…
/// }
/// ```
///
/// `walk()` lists everything below the folder that can be read without leaving it (for `scan DIR`):
/// links are followed only while they stay inside; a link that leaves is listed, never followed.
public struct ContainedPath: Sendable {
    /// The folder as given.
    public let root: String
    /// The folder's real path (`realpath`).
    public let realRoot: String
    /// The real path of the Hugging Face cache repository's `blobs/` folder, when the folder lies in
    /// one of its snapshots (`…/models--ORG--NAME/snapshots/REV[/…]`); links may lead there too.
    public let blobs: String?

    /// A regular file inside the folder.
    public struct File: Sendable, Equatable {
        /// The folder joined with the name: what to open, and what messages name.
        public let path: String
        /// Where it really is, every link resolved.
        public let real: String
        /// Its size in bytes when resolved.
        public let size: Int
        /// Its device and inode when resolved.
        public let identity: FileIdentity
        /// True when a symbolic link was followed to reach it.
        public let linked: Bool

        /// Maps the file, and checks that the file mapped is the one resolved (same device and
        /// inode): a link swapped between the check and the open is refused (`file-changed`),
        /// never followed out of the folder.
        public func map() throws -> MappedFile {
            let file = try MappedFile(path: path)
            guard file.identity == identity else {
                throw ArtifactError(file: path, offset: nil, rule: "file-changed",
                                    expected: "the file it resolved to inside its folder (\(real))",
                                    found: "another file: the path changed while it was opened")
            }
            return file
        }
    }

    /// What a name resolves to.
    public enum Resolution: Sendable, Equatable {
        /// A regular file inside the folder (directly, or through links that stay inside or lead
        /// into the cache repository's `blobs/`).
        case file(File)
        /// A folder inside.
        case folder(path: String, real: String)
        /// Something inside that is neither a file nor a folder (`kind`: "a FIFO", "a socket"…).
        case special(path: String, kind: String)
        /// Nothing there, or a link that leads nowhere (`reason` says which).
        case missing(path: String, reason: String)
        /// The name itself leaves the folder: absolute outside it, or `..` above it. Not looked at.
        case outsideByName(path: String)
        /// A symbolic link on the way leads out of the folder, to `target` (fully resolved); `link`
        /// is what the path itself links to (its first hop), nil when a folder on the way is the link.
        case outsideByLink(path: String, link: String?, target: String)
    }

    /// One item of `walk()`: a path relative to the folder and what it resolves to.
    public struct Entry: Sendable, Equatable {
        /// The path below the folder (`sub/model.safetensors`).
        public let relative: String
        /// What it resolves to: `.file`, `.outsideByLink`, `.special` or `.missing` (a dangling link).
        public let resolution: Resolution
    }

    /// Names which Hugging Face cache repositories start with.
    static let cacheRepositoryPrefixes = ["models--", "datasets--", "spaces--"]

    /// The folder `root`; throws `unreadable` when it cannot be resolved or is not a folder.
    public init(root: String) throws {
        guard let real = Self.realPath(root) else {
            throw ArtifactError(file: root, offset: nil, rule: "unreadable", expected: "a folder",
                                found: String(cString: strerror(errno)))
        }
        let status = FileStatus(path: real)
        guard status.kind == .folder else {
            throw ArtifactError(file: root, offset: nil, rule: "not-a-folder", expected: "a folder",
                                found: MappedFile.describeKind(status.type))
        }
        self.root = root
        realRoot = real
        blobs = Self.cacheBlobs(of: real)
    }

    /// What `name` (relative to the folder, or absolute) resolves to.
    public func resolve(_ name: String) -> Resolution {
        guard let relative = relativeName(name) else { return .outsideByName(path: name) }
        guard !name.utf8.contains(0) else { return .missing(path: name, reason: "a name holding a NUL byte") }
        let path = relative.isEmpty ? root : FolderListing.join(root, relative)
        let link = FileStatus(path: path, followingLinks: false)
        guard link.kind != .missing else {
            return .missing(path: path, reason: link.errorText)
        }
        let isLink = link.kind == .symlink
        guard let real = Self.realPath(path) else {
            let reason = String(cString: strerror(errno))
            return .missing(path: path, reason: isLink ? "a symbolic link to \(Self.readLink(path) ?? "?") that leads nowhere (\(reason))" : reason)
        }
        guard contains(real) else {
            return .outsideByLink(path: path, link: isLink ? Self.readLink(path) : nil, target: real)
        }
        let status = FileStatus(path: real)
        switch status.kind {
        case .missing:
            return .missing(path: path, reason: status.errorText)
        case .regular:
            let plain = relative.isEmpty ? realRoot : FolderListing.join(realRoot, Self.normalized(relative))
            return .file(File(path: path, real: real, size: status.size, identity: FileIdentity(status),
                              linked: isLink || real != plain))
        case .folder:
            return .folder(path: path, real: real)
        case .symlink, .other:
            return .special(path: path, kind: MappedFile.describeKind(status.type))
        }
    }

    /// Every regular file below the folder that can be read without leaving it (directly, or through
    /// a link that stays inside or leads into the cache repository's `blobs/`), and every link that
    /// would leave it or leads nowhere and every special file, sorted by relative path: what
    /// `scan DIR` reads, and what it reports instead of reading. Only real folders are descended
    /// into; a link to a folder inside is not followed, since that folder is listed under its own
    /// path (so link loops cannot arise), and a link to a folder outside is listed as
    /// `.outsideByLink`. Names starting with `.` are left out when `skipHidden`, and names in
    /// `skipping` (`.git`) always. Throws `folder-too-large` past `limit` entries and
    /// `folder-too-deep` past `maxDepth` levels.
    public func walk(skipHidden: Bool = true, skipping: Set<String> = [], limit: Int = 1_000_000,
                     maxDepth: Int = 32) throws -> [Entry] {
        var found: [Entry] = []
        func walk(_ relative: String, depth: Int) throws {
            guard depth <= maxDepth else {
                throw ArtifactError(file: FolderListing.join(root, relative), offset: nil, rule: "folder-too-deep",
                                    expected: "at most \(maxDepth) levels of folders", found: "more")
            }
            for (name, kind) in try FolderListing.entries(relative.isEmpty ? root : FolderListing.join(root, relative)) {
                if (skipHidden && name.hasPrefix(".")) || skipping.contains(name) { continue }
                let path = relative.isEmpty ? name : relative + "/" + name
                switch resolve(path) {
                case .folder:
                    if kind == .folder { try walk(path, depth: depth + 1) }
                case .outsideByName:
                    continue
                case let other:
                    found.append(Entry(relative: path, resolution: other))
                    guard found.count <= limit else {
                        throw ArtifactError(file: root, offset: nil, rule: "folder-too-large", expected: "at most \(limit) files",
                                            found: "more")
                    }
                }
            }
        }
        try walk("", depth: 0)
        return found.sorted { $0.relative < $1.relative }
    }

    /// True when the real path `real` lies in the folder or in the cache repository's `blobs/`.
    public func contains(_ real: String) -> Bool {
        Self.isWithin(real, realRoot) || blobs.map { Self.isWithin(real, $0) && real != $0 } == true
    }

    /// `name` relative to the folder, or nil when the name itself leaves it: absolute and not below
    /// the folder (as given or real), or climbing above it with `..`. `""` is the folder itself.
    func relativeName(_ name: String) -> String? {
        if name.hasPrefix("/") {
            let clean = Self.normalized(name)
            for base in [Self.normalized(Self.absolute(root)), realRoot] where Self.isWithin(clean, base) {
                return clean == base ? "" : String(clean.dropFirst(base == "/" ? 1 : base.count + 1))
            }
            return nil
        }
        var depth = 0
        for part in name.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            depth += part == ".." ? -1 : 1
            if depth < 0 { return nil }
        }
        return name
    }

    /// `path` with `.` components, repeated and trailing slashes dropped and `name/..` pairs removed
    /// (lexically; `..` above the start of an absolute path stays at `/`).
    static func normalized(_ path: String) -> String {
        var kept: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = kept.last, last != ".." {
                kept.removeLast()
            } else if part == ".." && path.hasPrefix("/") {
                continue
            } else {
                kept.append(part)
            }
        }
        let joined = kept.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + joined : joined
    }

    /// True when `path` is `base` or below it (both absolute and normalised).
    static func isWithin(_ path: String, _ base: String) -> Bool {
        path == base || path.hasPrefix(base.hasSuffix("/") ? base : base + "/")
    }

    /// The cache repository's `blobs/` folder for a real folder path inside `…/models--X/snapshots/REV`.
    static func cacheBlobs(of real: String) -> String? {
        let parts = real.split(separator: "/").map(String.init)
        guard let i = parts.indices.last(where: { i in
            parts[i] == "snapshots" && i >= 1 && i + 1 < parts.count
                && cacheRepositoryPrefixes.contains { parts[i - 1].hasPrefix($0) && parts[i - 1].count > $0.count }
        }) else { return nil }
        let blobs = "/" + parts[..<i].joined(separator: "/") + "/blobs"
        return realPath(blobs) ?? blobs
    }

    /// `path` made absolute against the working folder (not resolved).
    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        guard let cwd = getcwd(nil, 0) else { return "/" + path }
        defer { free(cwd) }
        return FolderListing.join(String(cString: cwd), path)
    }

    /// `realpath(path)`, or nil (errno set).
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// What the symbolic link at `path` holds, or nil.
    static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n >= 0 else { return nil }
        return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
