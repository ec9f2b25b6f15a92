/// The system calls that need care beyond a plain call: retried when a signal interrupts them
/// (`EINTR`), written until done, and the process's end.
package enum Syscall {
    /// The result of `call`, made again for as long as it fails with `EINTR`; a negative result
    /// leaves `errno` set.
    package static func retryingInterrupted<T: SignedInteger>(_ call: () -> T) -> T {
        while true {
            let result = call()
            if result < 0, errno == EINTR { continue }
            return result
        }
    }

    /// Reads at most `buffer.count` bytes from `fd` into `buffer`; the count read, 0 at the end,
    /// or negative with `errno` set.
    package static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        retryingInterrupted { libcRead(fd, buffer.baseAddress, buffer.count) }
    }

    /// Reads at most `buffer.count` bytes of `fd` at `offset` (`pread`), as `read(_:into:)`.
    package static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
        retryingInterrupted { pread(fd, buffer.baseAddress, buffer.count, off_t(offset)) }
    }

    /// Writes `bytes` to `fd`, calling `wrote` with each count written; false (with `errno` set)
    /// when a write fails or writes nothing before the end.
    @discardableResult
    package static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, wrote: (Int) -> Void = { _ in }) -> Bool {
        var done = 0
        while done < bytes.count {
            let n = retryingInterrupted { libcWrite(fd, bytes.baseAddress! + done, bytes.count - done) }
            guard n > 0 else { return false }
            done += n
            wrote(n)
        }
        return true
    }

    /// Ends the process with `code`.
    package static func exit(_ code: Int32) -> Never {
        libcExit(code)
    }
}

// libc's own functions, named apart from `Syscall`'s members (which would hide them inside it).
private func libcRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { read(fd, buffer, count) }
private func libcWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { write(fd, buffer, count) }
private func libcExit(_ code: Int32) -> Never { exit(code) }
