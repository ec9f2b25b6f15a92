/// The caps a FlatBuffer must stay within, as FlatBuffers' own `Verifier` sets them; anything beyond
/// is rejected with an `ArtifactError` before it is followed or allocated.
public struct FlatBufferLimits: Sendable {
    /// Deepest nesting of tables (the Verifier's `max_depth`, 64).
    public var maxDepth: Int
    /// Most tables visited in one buffer (the Verifier's `max_tables`, 1,000,000).
    public var maxTables: Int
    /// Most vector elements and string bytes materialised in one buffer: a bound on work and memory
    /// when many offsets point at the same large vector.
    public var maxWork: Int
    /// Largest FlatBuffer (`FLATBUFFERS_MAX_BUFFER_SIZE`, 2^31 - 1): offsets past it are not followed.
    public var maxBufferSize: Int
    /// Most 2 MiB regions of a mapped file kept mapped while reading: past it they are released
    /// (`madvise(DONTNEED)`), so tables spread over a large file do not pile up in resident memory
    /// (the kernel maps a whole large page-cache folio, up to 2 MiB, for one byte read).
    public var maxResidentRegions: Int

    /// The default caps: depth 64, 1,000,000 tables, 64 Mi elements, 2 GiB - 1 of FlatBuffer, 4 regions.
    public init(maxDepth: Int = 64, maxTables: Int = 1_000_000, maxWork: Int = 64 << 20,
                maxBufferSize: Int = Int(Int32.max), maxResidentRegions: Int = 4) {
        self.maxDepth = maxDepth
        self.maxTables = maxTables
        self.maxWork = maxWork
        self.maxBufferSize = maxBufferSize
        self.maxResidentRegions = maxResidentRegions
    }
}
