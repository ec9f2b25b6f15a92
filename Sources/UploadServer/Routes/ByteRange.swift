/// A `Range: bytes=…` request header of one range, resolved against a file's size (RFC 9110 §14).
enum ByteRange: Equatable {
    /// No usable Range header (absent, not bytes, several ranges, or malformed): the whole file, 200.
    case whole
    /// One satisfiable range: 206 with these bytes.
    case part(ClosedRange<Int64>)
    /// A range wholly past the end: 416.
    case unsatisfiable

    /// The range `header` asks of a file of `size` bytes.
    init(header: String?, size: Int64) {
        guard let header, header.hasPrefix("bytes="), !header.contains(",") else { self = .whole; return }
        let spec = header.dropFirst("bytes=".count).filter { $0 != " " }
        guard let dash = spec.firstIndex(of: "-") else { self = .whole; return }
        let first = spec[..<dash], last = spec[spec.index(after: dash)...]
        switch (Int64(first), Int64(last)) {
        case (nil, let suffix?) where first.isEmpty && suffix > 0:
            self = size == 0 ? .unsatisfiable : .part(max(0, size - suffix)...(size - 1))
        case (let start?, nil) where last.isEmpty:
            self = start < size ? .part(start...(size - 1)) : .unsatisfiable
        case (let start?, let end?) where start <= end:
            self = start < size ? .part(start...min(end, size - 1)) : .unsatisfiable
        default:
            self = .whole
        }
    }
}
