/// A plain `https://` or `http://` object: its size and ETag from a HEAD, its bytes by ranged GETs
/// (a server that ignores `Range` is refused, not downloaded from).
public struct HTTPObjectClient: Sendable {
    private let exchange: HTTPExchange

    /// A client sending through `exchange`.
    public init(exchange: HTTPExchange) {
        self.exchange = exchange
    }

    /// Whether `text` names an object this client reads.
    public static func handles(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("https://") || lower.hasPrefix("http://")
    }

    /// The object's size (`Content-Length`) and ETag.
    public func head(_ url: String) async throws(RemoteError) -> (size: Int64, etag: String?) {
        let answer = try await exchange.send(method: "HEAD", url: url, limit: 0) { [] }
        guard answer.status == 200 else { throw answer.failure(name: url) }
        guard let size = answer.header("Content-Length").flatMap({ Int64($0) }), size >= 0 else {
            throw RemoteError(.badAnswer, url: url, "HEAD answered without a Content-Length")
        }
        return (size, answer.header("ETag"))
    }

    /// The bytes of `range` (fewer at the object's end) and the object's total size.
    /// With `ifMatch` (the ETag the HEAD gave), an object replaced since is an error (412) rather
    /// than a mix of two objects' bytes.
    public func read(_ url: String, range: ByteRangeRequest, ifMatch: String? = nil) async throws(RemoteError) -> (bytes: [UInt8], total: Int64?) {
        var headers: [(name: String, value: String)] = [("Range", range.header)]
        if let ifMatch { headers.append(("If-Match", ifMatch)) }
        let answer = try await exchange.send(method: "GET", url: url, limit: Int(range.length)) { [headers] in headers }
        return try answer.rangedBytes(range, name: url)
    }
}
