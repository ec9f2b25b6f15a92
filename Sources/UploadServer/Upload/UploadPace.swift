/// The slowest an upload body may arrive: at least `minimum` bytes in every `window`, or the
/// upload is cut off with 408 `too_slow` (a client trickling a byte a second would otherwise hold
/// a slot and a connection for ever; one sending nothing at all meets the idle timeout first).
struct UploadPace {
    let minimumPerWindow: Int64
    let window: Duration
    private var windowStart = ContinuousClock.now
    private var windowBytes: Int64 = 0

    /// A pace of at least `bytesPerSecond`, measured over `window`.
    init(bytesPerSecond: Int64, window: Duration) {
        self.window = window
        minimumPerWindow = Int64((Double(bytesPerSecond) * Double(window.nanoseconds) / 1e9).rounded(.up))
    }

    /// Counts `count` more bytes; throws when the window that just ended fell short.
    mutating func received(_ count: Int) throws(APIFailure) {
        windowBytes += Int64(count)
        let now = ContinuousClock.now
        guard now - windowStart >= window else { return }
        guard windowBytes >= minimumPerWindow else {
            throw APIFailure(.requestTimeout, .tooSlow,
                             "the upload arrives too slowly: \(windowBytes) bytes in \(window), at least \(minimumPerWindow) are needed")
        }
        windowStart = now
        windowBytes = 0
    }
}
