/// Reads a remote object whole, in order, with several ranged reads in flight: the parts arrive
/// in any order and are handed on in order, at most `parallel` parts held at once.
public enum OrderedRangeReader {
    /// Reads `size` bytes in parts of `partSize` through `fetch`, calling `consume` with each part
    /// in order. A part shorter or longer than asked (the object changed under the read) is an error
    /// naming `url`.
    public static func read(url: String, size: Int64, partSize: Int, parallel: Int,
                            fetch: @escaping @Sendable (ByteRangeRequest) async throws(RemoteError) -> [UInt8],
                            consume: ([UInt8]) throws -> Void) async throws {
        precondition(partSize > 0 && parallel > 0)
        let parts = size == 0 ? 0 : Int((size + Int64(partSize) - 1) / Int64(partSize))
        func range(_ index: Int) -> ByteRangeRequest {
            let offset = Int64(index) * Int64(partSize)
            return ByteRangeRequest(offset: offset, length: min(Int64(partSize), size - offset))
        }
        try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
            var next = 0
            var waiting: [Int: [UInt8]] = [:]
            var handed = 0
            while next < min(parts, parallel) {
                let index = next
                group.addTask { (index, try await fetch(range(index))) }
                next += 1
            }
            while handed < parts, let (index, bytes) = try await group.next() {
                guard Int64(bytes.count) == range(index).length else {
                    throw RemoteError(.badAnswer, url: url,
                                      "bytes \(range(index).header.dropFirst(6)) came back as \(bytes.count) bytes: the object changed while it was read")
                }
                waiting[index] = bytes
                while let ready = waiting.removeValue(forKey: handed) {
                    try consume(ready)
                    handed += 1
                    if next < parts {
                        let index = next
                        group.addTask { (index, try await fetch(range(index))) }
                        next += 1
                    }
                }
            }
        }
    }
}
