import ModelArtifact

/// The bytes a probe looks at: a whole file, or the first bytes of a stream.
struct ProbeInput {
    /// The bytes available (the whole file when `isComplete`).
    let file: MappedFile
    /// The size of the whole input, when known (a stream may not say).
    let totalSize: Int?
    /// True when `file` holds every byte of the input.
    let isComplete: Bool

    var bytes: UnsafeRawBufferPointer { file.bytes }
    var count: Int { file.size }

    /// A reader over the available bytes.
    func reader() -> ByteReader { file.reader() }

    /// True when `n` bytes at the start were needed but not all are available, yet the input is longer.
    func isShortOf(_ n: Int) -> Bool {
        !isComplete && count < n && (totalSize.map { $0 > count } ?? true)
    }

    /// A short lowercase hex dump of the first bytes, for reasons.
    var headHex: String {
        bytes.prefix(8).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: " ")
    }
}
