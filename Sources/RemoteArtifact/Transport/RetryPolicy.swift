/// When a failed exchange is tried again, and after how long: 5xx answers, S3's `SlowDown`,
/// `InternalError` and `RequestTimeout`, 429, and connections reset or closed, up to four tries
/// with exponential backoff and full jitter (100 ms doubling, capped at 2 s), as the AWS SDKs do.
public struct RetryPolicy: Sendable, Equatable {
    /// How many tries in all.
    public var maxAttempts: Int
    /// The first backoff's ceiling, in milliseconds.
    public var baseMilliseconds: Int
    /// No backoff is longer than this, in milliseconds.
    public var capMilliseconds: Int

    public init(maxAttempts: Int = 4, baseMilliseconds: Int = 100, capMilliseconds: Int = 2000) {
        self.maxAttempts = maxAttempts
        self.baseMilliseconds = baseMilliseconds
        self.capMilliseconds = capMilliseconds
    }

    /// Whether an answer with `status` (and S3 error `code`) is worth another try.
    public func retries(status: Int, code: String?) -> Bool {
        if status >= 500 || status == 429 { return true }
        return ["SlowDown", "InternalError", "RequestTimeout", "Throttling", "ThrottlingException"].contains(code ?? "")
    }

    /// The backoff before try `attempt` (2, 3, …): a uniform draw from 0 to min(cap, base·2^(attempt−2)).
    public func backoffMilliseconds(beforeAttempt attempt: Int, using random: inout some RandomNumberGenerator) -> Int {
        let ceiling = min(capMilliseconds, baseMilliseconds << min(20, max(0, attempt - 2)))
        return Int.random(in: 0...ceiling, using: &random)
    }
}
