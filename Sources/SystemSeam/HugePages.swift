/// Memory advice that only some platforms take.
package enum HugePages {
    /// Asks the kernel to back the whole 2 MiB pages inside `buffer` with huge pages
    /// (`MADV_HUGEPAGE`, Linux), before they are first touched; a hint, ignored elsewhere and for
    /// buffers under 4 MiB.
    package static func advise(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        guard buffer.count >= 4 << 20, let base = buffer.baseAddress else { return }
        let huge = 2 << 20
        let start = (Int(bitPattern: base) + huge - 1) / huge * huge
        let end = (Int(bitPattern: base) + buffer.count) / huge * huge
        if end > start {
            _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE)
        }
        #endif
    }
}
