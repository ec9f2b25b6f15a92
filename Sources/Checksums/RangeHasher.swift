import Crypto

/// One running digest over a range of a file: SHA-256 or MD5, fed window by window.
struct RangeHasher {
    enum Kind { case sha256, md5 }

    /// The absolute byte range this hasher covers.
    let range: Range<Int>
    private var sha: SHA256?
    private var md5: Insecure.MD5?

    init(_ kind: Kind, range: Range<Int>) {
        self.range = range
        switch kind {
        case .sha256: sha = SHA256()
        case .md5: md5 = Insecure.MD5()
        }
    }

    /// Feeds the part of `window` (which covers `windowRange`) that lies in this hasher's range.
    mutating func update(window: UnsafeRawBufferPointer, covering windowRange: Range<Int>) {
        let overlap = range.clamped(to: windowRange)
        guard !overlap.isEmpty else { return }
        let slice = UnsafeRawBufferPointer(rebasing: window[(overlap.lowerBound - windowRange.lowerBound)..<(overlap.upperBound - windowRange.lowerBound)])
        if sha != nil { sha!.update(bufferPointer: slice) }
        if md5 != nil { md5!.update(bufferPointer: slice) }
    }

    /// The digest bytes.
    func finalize() -> [UInt8] {
        if let sha { return Array(sha.finalize()) }
        if let md5 { return Array(md5.finalize()) }
        return []
    }
}
