/// How a conversion writes its outputs.
public struct WriteOptions: Sendable {
    /// `fsync` each file before renaming it into place, so it survives a power loss as well as a
    /// crash (a crash alone never leaves a half file under the real name either way).
    public var fsync = false
    /// Prove the result byte for byte: read every tensor back and compare it with the source's.
    /// Without it the result is re-read and checked tensor by tensor (names, dtypes, shapes and
    /// byte ranges), and the SHA-256 printed is of the bytes read back from the file written.
    public var verify = false
    /// Told of the bytes written as they go: how many more since it was last told.
    public var progress: (@Sendable (Int) -> Void)?

    /// Creates options.
    public init(fsync: Bool = false, verify: Bool = false, progress: (@Sendable (Int) -> Void)? = nil) {
        self.fsync = fsync
        self.verify = verify
        self.progress = progress
    }
}
