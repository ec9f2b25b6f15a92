import ZipContainer

extension AtomicOutput: ZipOutput {}

extension StoredZipWriter where Output == AtomicOutput {
    /// Appends a stored entry `name` holding `contents`; ranges of mapped files are copied file to file.
    public mutating func add(_ name: String, _ contents: ByteRope) throws {
        try add(name, count: contents.count, crc: contents.crc32) { try contents.write(to: $0) }
    }
}
