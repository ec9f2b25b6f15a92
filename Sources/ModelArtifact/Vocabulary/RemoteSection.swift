/// The report's `remote` member for an input read from S3 or HTTP: how many requests reading it
/// took (HEAD, listing and ranged GETs, retries included) and how many body bytes came back.
public struct RemoteSection: ReportSection, Equatable {
    public static let key = "remote"
    /// Requests sent for this input.
    public var requests: Int
    /// Body bytes received for this input.
    public var bytesFetched: Int64

    public init(requests: Int, bytesFetched: Int64) {
        self.requests = requests
        self.bytesFetched = bytesFetched
    }

    public var json: JSONValue {
        .object(["requests": .int(Int64(requests)), "bytes_fetched": .int(bytesFetched)])
    }

    public func mapStrings(_ transform: (String) -> String) -> RemoteSection { self }
}
