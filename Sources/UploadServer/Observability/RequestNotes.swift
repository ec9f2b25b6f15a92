import Synchronization

/// What a handler learns about one request that the request log and the error answer need: how
/// many body bytes were read, whether the body was read to its end, and the upload's format and
/// verdict. Shared by reference between the middlewares and the handler of one request.
public final class RequestNotes: Sendable {
    struct Values {
        var bytesRead: Int64 = 0
        var bodyConsumed = false
        var format: String?
        var verdict: String?
    }

    private let values = Mutex(Values())

    /// Empty notes.
    public init() {}

    /// Adds `count` body bytes read.
    public func read(_ count: Int) { values.withLock { $0.bytesRead += Int64(count) } }
    /// Marks the body as read to its end (the connection can then be kept).
    public func consumedBody() { values.withLock { $0.bodyConsumed = true } }
    /// Records the upload's format and verdict.
    public func upload(format: String?, verdict: String?) {
        values.withLock {
            if let format { $0.format = format }
            if let verdict { $0.verdict = verdict }
        }
    }

    /// Body bytes read so far.
    public var bytesRead: Int64 { values.withLock { $0.bytesRead } }
    /// Whether the body was read to its end.
    public var bodyConsumed: Bool { values.withLock { $0.bodyConsumed } }
    /// The upload's format, once the gate decided.
    public var format: String? { values.withLock { $0.format } }
    /// The upload's verdict, once judged.
    public var verdict: String? { values.withLock { $0.verdict } }
}
