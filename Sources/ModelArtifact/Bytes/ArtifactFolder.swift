/// A folder of model files, on disk (`LocalFolder`) or remote (an S3 prefix): what the checkpoint
/// reader, the folder scan and the folder probe read through, so that each stays one piece of code.
///
/// Names are relative to the folder, `/`-separated. A name that leaves the folder is never opened.
public protocol ArtifactFolder: Sendable {
    /// The folder as the user named it; files are reported as this joined with their names.
    var path: String { get }
    /// The names of the folder's own entries (files and folders, not what lies below).
    func names() throws -> [String]
    /// What `name` is.
    func resolve(_ name: String) -> FolderEntry
    /// Every file below the folder that can be read without leaving it, and every entry that would
    /// leave it or cannot be read, sorted by relative name. Names starting with `.` are left out
    /// when `skipHidden`, and names in `skipping` always.
    func walk(skipHidden: Bool, skipping: Set<String>) throws -> [(relative: String, entry: FolderEntry)]
    /// Says that the first pages of the files `names` will be read next: a remote folder fetches
    /// them at once, several in parallel; a local one needs nothing.
    func prefetch(_ names: [String])
}

/// What a name in an `ArtifactFolder` is.
public enum FolderEntry: Sendable {
    /// A regular file inside the folder.
    case file(FolderFile)
    /// A folder inside.
    case folder(path: String)
    /// Something inside that is neither a file nor a folder (`kind`: "a FIFO", "a socket"…).
    case special(path: String, kind: String)
    /// Nothing there, or a link that leads nowhere (`reason` says which).
    case missing(path: String, reason: String)
    /// The name itself leaves the folder. Not looked at.
    case outsideByName(path: String)
    /// A symbolic link on the way leads out of the folder, to `target`; `link` is what the path
    /// itself links to, nil when a folder on the way is the link.
    case outsideByLink(path: String, link: String?, target: String)
}

/// A regular file of an `ArtifactFolder`, to be mapped.
public struct FolderFile: Sendable {
    /// The folder's path joined with the file's name: what messages name.
    public let path: String
    /// Its size in bytes when listed.
    public let size: Int
    private let opener: @Sendable () throws -> MappedFile

    /// A file of `size` bytes at `path`, mapped by `open`.
    public init(path: String, size: Int, open: @escaping @Sendable () throws -> MappedFile) {
        self.path = path
        self.size = size
        opener = open
    }

    /// The file's bytes: the very file listed (a local file swapped meanwhile is `file-changed`).
    public func map() throws -> MappedFile { try opener() }
}

/// A folder on disk, every name resolved by `ContainedPath` (links followed only while they stay
/// inside, or lead into the Hugging Face cache's `blobs/`).
public struct LocalFolder: ArtifactFolder {
    /// The folder's containment.
    public let root: ContainedPath

    /// The folder at `path`; throws `unreadable` or `not-a-folder`.
    public init(_ path: String) throws {
        root = try ContainedPath(root: path)
    }

    public var path: String { root.root }

    public func names() throws -> [String] { try FolderListing.names(root.root) }

    public func resolve(_ name: String) -> FolderEntry { Self.entry(root.resolve(name)) }

    public func walk(skipHidden: Bool, skipping: Set<String>) throws -> [(relative: String, entry: FolderEntry)] {
        try root.walk(skipHidden: skipHidden, skipping: skipping).map { ($0.relative, Self.entry($0.resolution)) }
    }

    public func prefetch(_ names: [String]) {}

    static func entry(_ resolution: ContainedPath.Resolution) -> FolderEntry {
        switch resolution {
        case .file(let file): return .file(FolderFile(path: file.path, size: file.size, open: file.map))
        case .folder(let path, _): return .folder(path: path)
        case .special(let path, let kind): return .special(path: path, kind: kind)
        case .missing(let path, let reason): return .missing(path: path, reason: reason)
        case .outsideByName(let path): return .outsideByName(path: path)
        case .outsideByLink(let path, let link, let target): return .outsideByLink(path: path, link: link, target: target)
        }
    }
}
