import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import Synchronization

/// One HTTP answer, its body read whole (bounded by the caller's limit).
public struct HTTPAnswer: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    /// The first value of header `name` (any case).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The error this unsuccessful answer means for the object `name`, with S3's error code and
    /// message when the body is an S3 error document.
    public func failure(name: String) -> RemoteError {
        let said = S3ErrorAnswer(xml: body).map { ": \($0.code)\($0.message.isEmpty ? "" : " (\($0.message))")" } ?? ""
        switch status {
        case 401, 403: return RemoteError(.accessDenied, url: name, "access denied (\(status))\(said)")
        case 404, 410: return RemoteError(.notFound, url: name, "not found (\(status))\(said)")
        case 412: return RemoteError(.changed, url: name, "the object changed while it was read (412, its ETag is no longer the one first read)")
        case 429, 503: return RemoteError(.throttled, url: name, "throttled (\(status))\(said) after retries")
        default: return RemoteError(.badAnswer, url: name, "the server answered \(status)\(said)")
        }
    }

    /// The bytes of this answer to a request for `range` of `name`, and the object's total size:
    /// a 206 with the range asked, or the error (a 200 means the server ignored `Range`).
    public func rangedBytes(_ range: ByteRangeRequest, name: String) throws(RemoteError) -> (bytes: [UInt8], total: Int64?) {
        guard status == 206 || status == 200 else { throw failure(name: name) }
        do {
            return (body, try range.check(status: status, contentRange: header("Content-Range")))
        } catch {
            throw RemoteError(status == 200 ? .rangeIgnored : .badAnswer, url: name, error.description)
        }
    }
}

/// Sends requests through AsyncHTTPClient with the retry policy, counting what it did (requests,
/// bytes fetched) for the report's `remote` section and `--verbose`.
public final class HTTPExchange: Sendable {
    private let client: HTTPClient
    private let policy: RetryPolicy
    private let log: (@Sendable (String) -> Void)?
    private let counters = RequestCounters()
    /// The most bytes of an error answer read.
    static let maxErrorBytes = 64 * 1024

    /// An exchange over a client of its own; `log` receives one line per request sent.
    public init(policy: RetryPolicy = RetryPolicy(), log: (@Sendable (String) -> Void)? = nil) {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(60))
        configuration.decompression = .disabled
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.policy = policy
        self.log = log
    }

    /// Requests sent and body bytes received so far.
    public var totals: (requests: Int, bytes: Int64) { counters.totals }

    /// Sends `method` to `url` with `headers` (made again for each try by `prepare`, so a retry is
    /// signed anew), reading at most `limit` body bytes; retries what the policy retries.
    public func send(method: String, url: String, limit: Int,
                     prepare: @Sendable () -> [(name: String, value: String)]) async throws(RemoteError) -> HTTPAnswer {
        var generator = SystemRandomNumberGenerator()
        var attempt = 1
        while true {
            let answer: HTTPAnswer
            do {
                answer = try await once(method: method, url: url, headers: prepare(), limit: limit)
            } catch let error as RemoteError {
                throw error
            } catch {
                guard attempt < policy.maxAttempts else {
                    throw RemoteError(.network, url: url, "the request failed after \(attempt) tries: \(error)")
                }
                attempt += 1
                try await pause(policy.backoffMilliseconds(beforeAttempt: attempt, using: &generator), url: url)
                continue
            }
            let code = answer.status >= 400 ? S3ErrorAnswer(xml: answer.body)?.code : nil
            if policy.retries(status: answer.status, code: code), attempt < policy.maxAttempts {
                attempt += 1
                try await pause(policy.backoffMilliseconds(beforeAttempt: attempt, using: &generator), url: url)
                continue
            }
            return answer
        }
    }

    private func once(method: String, url: String, headers: [(name: String, value: String)], limit: Int) async throws -> HTTPAnswer {
        let started = ContinuousClock.now
        let answer = try await exchange(method: method, url: url, headers: headers, limit: limit)
        if let log {
            let range = headers.first { $0.name.lowercased() == "range" }.map { " \($0.value)" } ?? ""
            let elapsed = started.duration(to: .now).components
            let milliseconds = Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds) / 1e15
            log("\(method) \(url)\(range) -> \(answer.status), \(answer.body.count) bytes, \(Int(milliseconds.rounded())) ms")
        }
        return answer
    }

    private func exchange(method: String, url: String, headers: [(name: String, value: String)], limit: Int) async throws -> HTTPAnswer {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers where name.lowercased() != "host" { request.headers.add(name: name, value: value) }
        if let host = headers.first(where: { $0.name.lowercased() == "host" }) { request.headers.replaceOrAdd(name: "Host", value: host.value) }
        counters.sent()
        let response = try await client.execute(request, timeout: .seconds(120))
        var body: [UInt8] = []
        // A ranged request answered 200 (the server ignored Range): the caller refuses it, so the
        // whole object is not read.
        let ranged = headers.contains { $0.name.lowercased() == "range" }
        if ranged, response.status == .ok {
            return HTTPAnswer(status: 200, headers: response.headers.map { ($0.name, $0.value) }, body: [])
        }
        // An error answer's XML is read up to 64 KiB whatever was asked.
        let limit = response.status.code < 300 ? limit : max(limit, Self.maxErrorBytes)
        if method != "HEAD" {
            if let length = response.headers.first(name: "Content-Length").flatMap({ Int($0) }), length >= 0 {
                body.reserveCapacity(min(length, limit))
            }
            for try await part in response.body {
                guard body.count + part.readableBytes <= limit else {
                    throw RemoteError(.badAnswer, url: url, "the answer is longer than the \(limit) bytes asked for")
                }
                body += part.readableBytesView
                counters.received(part.readableBytes)
            }
        }
        return HTTPAnswer(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: body)
    }

    private func pause(_ milliseconds: Int, url: String) async throws(RemoteError) {
        do { try await Task.sleep(for: .milliseconds(milliseconds)) } catch {
            throw RemoteError(.network, url: url, "cancelled")
        }
    }

    /// Closes the client's connections.
    public func shutdown() async {
        try? await client.shutdown()
    }
}

/// Requests and bytes, counted across tasks.
final class RequestCounters: Sendable {
    private let state = Mutex<(requests: Int, bytes: Int64)>((0, 0))
    func sent() { state.withLock { $0.requests += 1 } }
    func received(_ count: Int) { state.withLock { $0.bytes += Int64(count) } }
    var totals: (requests: Int, bytes: Int64) { state.withLock { $0 } }
}
