import ModelArtifact

extension MappedFile {
    /// Calls `body` with `range`'s bytes in chunks of at most `chunk` bytes, then tells the kernel each
    /// chunk is not needed again, so a pass over a huge file keeps the process's memory bounded.
    func forEachChunk(of range: Range<Int>, chunk: Int = 8 << 20, _ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        var at = range.lowerBound
        while at < range.upperBound {
            let n = Swift.min(chunk, range.upperBound - at)
            try body(UnsafeRawBufferPointer(rebasing: bytes[at..<(at + n)]))
            advise(.dontNeed, range: at..<(at + n))
            at += n
        }
    }
}
