import ModelArtifact
import SystemSeam

/// External-data files resolved as onnx's checker resolves them (`resolve_external_data_location`):
/// relative to the model's folder, no empty or absolute location, no `..` once the path is
/// cleaned, a regular file; and, beyond onnx, no symbolic link that leads out of the folder.
public struct ONNXExternalFiles: Sendable {
    /// The model's folder as onnx computes it: the path up to its last `/`, that included; `""` for none.
    public let baseDir: String
    /// For a remote model, the objects beside it.
    private let neighbours: (any FileNeighbours)?
    private var cache: [String: Resolution] = [:]

    /// What a location resolves to.
    public enum Resolution: Equatable, Sendable {
        case file(path: String, size: Int)
        case empty
        case absolute
        case outside
        case missing(path: String)
        case notRegular(path: String)
        case symlinkOut(path: String, target: String)
    }

    /// Resolution for the model at `modelPath`.
    public init(modelPath: String) {
        baseDir = FolderListing.folder(of: modelPath)
        neighbours = nil
    }

    /// Resolution for the model `file`: beside it on disk, or, for a remote model, beside its object.
    public init(file: MappedFile) {
        baseDir = FolderListing.folder(of: file.path)
        neighbours = file.neighbours
    }

    /// Resolves `location` (cached per location).
    public mutating func resolve(_ location: String) -> Resolution {
        if let known = cache[location] { return known }
        let result = Self.resolve(location, baseDir: baseDir, neighbours: neighbours)
        cache[location] = result
        return result
    }

    /// What `location` resolved to, if it has been resolved.
    func resolution(of location: String) -> Resolution? { cache[location] }

    /// The locations resolved so far and what each gave, sorted by location.
    var resolved: [(location: String, resolution: Resolution)] {
        cache.map { ($0.key, $0.value) }.sorted { $0.location < $1.location }
    }

    private static func resolve(_ location: String, baseDir: String, neighbours: (any FileNeighbours)?) -> Resolution {
        if location.isEmpty { return .empty }
        if location.hasPrefix("/") { return .absolute }
        let relative = cleanRelativePath(location)
        if relative.contains("..") { return .outside }
        let path = join(baseDir, relative)
        if let neighbours {
            return neighbours.size(of: relative).map { .file(path: path, size: $0) } ?? .missing(path: path)
        }
        let status = FileStatus(path: path)
        guard status.kind != .missing else { return .missing(path: path) }
        guard status.kind == .regular else { return .notRegular(path: path) }
        if let target = symlinkEscape(path, baseDir: baseDir) { return .symlinkOut(path: path, target: target) }
        return .file(path: path, size: status.size)
    }

    /// The real path `path` leads to when a symbolic link on the way takes it out of `baseDir`, else nil.
    private static func symlinkEscape(_ path: String, baseDir: String) -> String? {
        guard let real = realPath(path), let root = realPath(baseDir.isEmpty ? "." : baseDir) else { return nil }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return real.hasPrefix(prefix) ? nil : real
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// onnx's `path_join`: `origin` and `append` with one `/` between, unless `origin` ends in one (or is empty).
    static func join(_ origin: String, _ append: String) -> String {
        origin.isEmpty || origin.hasSuffix("/") ? origin + append : origin + "/" + append
    }

    /// onnx's `clean_relative_path`: separators collapsed, `.` components dropped, `name/..` pairs
    /// removed; `..` that climb above the start are kept.
    static func cleanRelativePath(_ path: String) -> String {
        guard !path.isEmpty else { return "." }
        var kept: [Substring] = []
        var climbs = 0
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if kept.count > climbs {
                    kept.removeLast()
                } else {
                    kept.append("..")
                    climbs += 1
                }
                continue
            }
            kept.append(part)
        }
        return kept.isEmpty ? "." : kept.joined(separator: "/")
    }

    /// A non-negative decimal integer as external-data `offset`/`length` hold it, or nil.
    static func integer(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(text)
    }
}
