/// Digests bytes that arrive in order rather than from a local file (a remote object read by
/// ranges): the same hashers, the same results as `FileDigester` over the same bytes.
public struct StreamDigester {
    private var plan: HashPlan
    private var offset = 0
    /// The size announced at the start.
    public let size: Int

    /// A digester for `size` bytes with `algorithms`, and the SHA-256 of each of `ranges`.
    public init(size: Int, algorithms: [DigestAlgorithm], ranges: [NamedRange] = []) {
        self.size = size
        plan = HashPlan(size: size, algorithms: algorithms, ranges: ranges)
    }

    /// Feeds the next bytes (in order). Feeding past the announced size is a programming error.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        precondition(offset + bytes.count <= size, "more bytes than announced")
        plan.feed(window: offset..<(offset + bytes.count), bytes: bytes, parallel: false)
        offset += bytes.count
    }

    /// Whether every announced byte has been fed.
    public var isComplete: Bool { offset == size }

    /// The digests, named `name` (all bytes must have been fed).
    public mutating func result(name: String) -> FileDigest {
        precondition(isComplete, "fewer bytes than announced")
        return plan.result(path: name)
    }
}
