import Checksums

extension RemoteStore {
    /// The digests of `object`, streamed once in order: `parallel` ranged reads of `partSize` bytes
    /// in flight, every byte hashed as `FileDigester` hashes a local file (the same results).
    /// `progress` gets each part's byte count as it is hashed.
    public func digest(_ object: RemoteObject, algorithms: [DigestAlgorithm], ranges: [NamedRange] = [],
                       partSize: Int = 8 << 20, parallel: Int = 8,
                       progress: (Int) -> Void = { _ in }) async throws -> FileDigest {
        var digester = StreamDigester(size: Int(object.size), algorithms: algorithms, ranges: ranges)
        try await OrderedRangeReader.read(url: object.url.description, size: object.size, partSize: partSize, parallel: parallel,
                                          fetch: { [self] range throws(RemoteError) in try await read(object, range: range) },
                                          consume: { bytes in
                                              bytes.withUnsafeBytes { digester.feed($0) }
                                              progress(bytes.count)
                                          })
        return digester.result(name: object.url.description)
    }
}
