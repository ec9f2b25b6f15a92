import ModelArtifact
import Synchronization

/// An S3 prefix read as a folder: its listing gives the names, sizes and ETags (no HEAD per file),
/// and each file opens as a demand-paged `MappedFile`. A file opened ahead by `prefetch` is kept
/// until the reader opens it (then it is the reader's, and goes when the reader is done with it),
/// so that a large prefix never holds more than the prefetched files open at once.
///
/// Keys are names: `s3://bucket/ckpt/model.safetensors` under `s3://bucket/ckpt/` is
/// `model.safetensors`. A name the folder reader is given that climbs out (`..`, absolute) is never
/// asked for; keys ending in `/` (folder markers) are not files.
public final class RemoteFolder: ArtifactFolder {
    /// The prefix, as `s3://bucket/prefix/`.
    public let path: String
    /// The objects under the prefix, by name.
    public let objects: [String: RemoteObject]
    private let store: RemoteStore
    private let ahead = Mutex<[String: MappedFile]>([:])
    private let tallies = Mutex<[String: FetchTally]>([:])

    /// The most files `prefetch` opens ahead.
    public static let maxPrefetched = 64

    /// The folder the listing of `location` (a prefix) gives; an empty listing is `remote-not-found`.
    public static func list(_ location: S3Location, store: RemoteStore) async throws(RemoteError) -> RemoteFolder {
        let listed = try await store.list(location)
        var objects: [String: RemoteObject] = [:]
        for object in listed {
            guard case .s3(let key) = object.url else { continue }
            let name = String(key.key.dropFirst(location.key.count))
            guard !name.isEmpty, !name.hasSuffix("/") else { continue }
            objects[name] = object
        }
        guard !objects.isEmpty else {
            throw RemoteError(.notFound, url: location.description, "no objects under this prefix")
        }
        return RemoteFolder(path: location.description, objects: objects, store: store)
    }

    init(path: String, objects: [String: RemoteObject], store: RemoteStore) {
        self.path = path
        self.objects = objects
        self.store = store
    }

    public func names() throws -> [String] {
        Set(objects.keys.map { String($0.split(separator: "/", omittingEmptySubsequences: false)[0]) }).sorted()
    }

    public func resolve(_ name: String) -> FolderEntry {
        let path = FolderListing.join(self.path, name)
        guard !name.hasPrefix("/"), !name.split(separator: "/").contains("..") else { return .outsideByName(path: name) }
        if let object = objects[name] {
            return .file(FolderFile(path: path, size: Int(clamping: object.size)) { [self] in try open(name) })
        }
        if objects.keys.contains(where: { $0.hasPrefix(name + "/") }) { return .folder(path: path) }
        return .missing(path: path, reason: "no such object under \(self.path)")
    }

    public func walk(skipHidden: Bool, skipping: Set<String>) throws -> [(relative: String, entry: FolderEntry)] {
        objects.keys.sorted().compactMap { name in
            let parts = name.split(separator: "/")
            if parts.contains(where: { skipping.contains(String($0)) || (skipHidden && $0.hasPrefix(".")) }) { return nil }
            guard let object = objects[name] else { return nil }
            let path = FolderListing.join(self.path, name)
            return (name, .file(FolderFile(path: path, size: Int(clamping: object.size)) { [self] in try open(name) }))
        }
    }

    /// Fetches the first pages of each file of `names` now (at most `maxPrefetched` files; the page
    /// reads in flight bounded by `RemoteStore.parallelPageReads`), so that reading them one after
    /// the other waits once.
    public func prefetch(_ names: [String]) {
        let first = store.paging.pageSize * max(1, store.paging.firstPages)
        for name in names.prefix(Self.maxPrefetched) where objects[name].map({ $0.size > 0 }) == true {
            guard ahead.withLock({ $0[name] }) == nil, let file = try? openFresh(name) else { continue }
            ahead.withLock { $0[name] = file }
            file.advise(.willNeed, range: 0..<min(first, file.size))
        }
    }

    /// The demand-paged file of `name`: the one opened ahead, handed over, or a new one.
    func open(_ name: String) throws -> MappedFile {
        if let file = ahead.withLock({ $0.removeValue(forKey: name) }) { return file }
        return try openFresh(name)
    }

    private func openFresh(_ name: String) throws -> MappedFile {
        guard let object = objects[name] else {
            throw ArtifactError(file: FolderListing.join(path, name), offset: nil, rule: "remote-not-found",
                                expected: "an object under \(path)", found: "none")
        }
        let tally = tallies.withLock { known in
            if let tally = known[name] { return tally }
            let made = FetchTally()
            known[name] = made
            return made
        }
        return try store.open(object, tally: tally)
    }

    /// What reading the file at `path` (the folder's path joined with its name) fetched, when it
    /// was opened.
    public func fetched(_ path: String) -> RemoteSection? {
        guard path.hasPrefix(self.path) else { return nil }
        return tallies.withLock { $0[String(path.dropFirst(self.path.count))] }?.section
    }
}
