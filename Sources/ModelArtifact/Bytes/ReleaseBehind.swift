/// Keeps a forward pass over a mapped file from holding the whole file resident: the kernel may map
/// a large folio (up to 2 MiB) around each byte read, so a pass that reads a few bytes here and
/// there through a multi-gigabyte file would otherwise end with much of it mapped. Once the pass has
/// moved more than `span` bytes past the point last released, the pages behind it are let go
/// (`MADV_DONTNEED`; they stay in the page cache, and reading them again only maps them back).
public struct ReleaseBehind {
    /// The file passed over.
    public let file: MappedFile
    /// How far the pass may move before the pages behind it are released.
    public let span: Int
    private var from: Int

    /// Starts a pass over `file` at `offset`.
    public init(_ file: MappedFile, from offset: Int = 0, span: Int = 16 << 20) {
        self.file = file
        self.span = span
        from = offset
    }

    /// Tells that the pass has reached `offset`; passes that go backwards release nothing.
    public mutating func reached(_ offset: Int) {
        guard offset - from > span else { return }
        file.advise(.dontNeed, range: from..<offset)
        from = offset
    }
}
