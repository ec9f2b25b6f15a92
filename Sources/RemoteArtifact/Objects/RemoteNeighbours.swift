import ModelArtifact

/// The objects beside a remote object (same S3 prefix, or same URL folder), found by a HEAD each
/// when a reader asks: ONNX external data beside `model.onnx`, the meta JSON beside `model.nb`.
/// Asked from a reader's thread, never from the concurrency pool.
struct RemoteNeighbours: FileNeighbours {
    let store: RemoteStore
    let of: RemoteURL

    /// The neighbour `name` of the object: its folder joined with `name`.
    func url(_ name: String) -> RemoteURL {
        switch of {
        case .s3(let location):
            let folder = location.key.lastIndex(of: "/").map { String(location.key[...$0]) } ?? ""
            return .s3(S3Location(bucket: location.bucket, key: folder + name))
        case .http(let address):
            let path = address.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let folder = path.lastIndex(of: "/").map { String(path[...$0]) } ?? String(path) + "/"
            return .http(folder + URIEncoding.encode(name, keepSlash: true))
        }
    }

    private func head(_ name: String) -> Result<RemoteObject, RemoteError> {
        let target = url(name)
        let store = store
        return Result { () throws(RemoteError) -> RemoteObject in
            try Blocking.run { () async throws(RemoteError) -> RemoteObject in try await store.head(target) }
        }
    }

    func size(of name: String) -> Int? {
        (try? head(name).get()).map { Int(clamping: $0.size) }
    }

    func open(_ name: String) throws -> MappedFile {
        let object: RemoteObject
        do { object = try head(name).get() } catch { throw error.artifactError }
        return try store.open(object)
    }
}
