import Crypto
import ModelArtifact

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written under a temporary name beside its destination and renamed into place only when
/// complete, so a crash never leaves a half file under the real name; it hashes what it writes.
public final class AtomicOutput {
    /// The destination path.
    public let path: String
    /// The temporary path written until `commit()`.
    public let temporaryPath: String
    /// Bytes written so far.
    public private(set) var written = 0
    private var fd: Int32
    private var hasher = SHA256()
    private var buffer: [UInt8] = []
    private static let bufferSize = 4 << 20

    /// Opens a temporary file for `path`, refusing to write over any of `inputs` (same path or same file).
    public init(path: String, inputs: [String]) throws {
        try Self.refuseOverwrite(path, inputs: inputs)
        self.path = path
        temporaryPath = path + ".tmp-\(getpid())"
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ArtifactError(file: path, offset: nil, rule: "convert-cannot-create", expected: "a writable output path",
                                found: String(cString: strerror(errno)))
        }
        buffer.reserveCapacity(Self.bufferSize)
    }

    deinit {
        if fd >= 0 {
            close(fd)
            unlink(temporaryPath)
        }
    }

    /// Throws `convert-overwrites-input` when `path` names one of `inputs` (by path or by device and inode).
    public static func refuseOverwrite(_ path: String, inputs: [String]) throws {
        var out = stat()
        let exists = stat(path, &out) == 0
        for input in inputs {
            var inStat = stat()
            let same = input == path
                || (exists && stat(input, &inStat) == 0 && inStat.st_dev == out.st_dev && inStat.st_ino == out.st_ino)
            if same {
                throw ArtifactError(file: path, offset: nil, rule: "convert-overwrites-input",
                                    expected: "an output other than the input", found: "the input file '\(input)'")
            }
        }
    }

    /// Appends `bytes`.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        hasher.update(bufferPointer: bytes)
        written += bytes.count
        if buffer.count + bytes.count > Self.bufferSize { try flush() }
        if bytes.count >= Self.bufferSize {
            try writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Appends `bytes`.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Appends `count` zero bytes.
    public func pad(_ count: Int) throws {
        guard count > 0 else { return }
        try write([UInt8](repeating: 0, count: count))
    }

    /// Flushes, syncs and renames the file into place; returns the SHA-256 (hex) of every byte written.
    public func commit() throws -> String {
        try flush()
        let synced = fsync(fd) == 0
        close(fd)
        fd = -1
        guard synced, rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw ArtifactError(file: path, offset: nil, rule: "convert-cannot-write", expected: "the output written and renamed",
                                found: reason)
        }
        return Self.hex(hasher.finalize())
    }

    /// Lowercase hex of a digest.
    public static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in digest { out += [digits[Int(byte >> 4)], digits[Int(byte & 15)]] }
        return String(decoding: out, as: UTF8.self)
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                throw ArtifactError(file: path, offset: written, rule: "convert-cannot-write", expected: "bytes written",
                                    found: String(cString: strerror(errno)))
            }
            done += n
        }
    }
}
