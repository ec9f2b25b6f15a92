import Metrics
import Prometheus

/// The server's metrics, kept in its own Prometheus registry (served at `/metrics`) through the
/// swift-metrics API: uploads by format and verdict, bytes received, upload durations, and
/// rejections by `error.code`.
public final class ServerMetrics: Sendable {
    /// The registry `/metrics` prints.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    /// Metrics in a fresh registry (one per server, so tests can run several).
    public init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(300),
        ]
        self.factory = factory
    }

    /// An accepted upload of `format` with `verdict` (`none` for pickle-free formats) that took `duration`.
    func uploaded(format: String, verdict: String?, duration: Duration) {
        Counter(label: "synap_uploads_total", dimensions: [("format", format), ("verdict", verdict ?? "none")], factory: factory)
            .increment()
        Timer(label: "synap_upload_duration_seconds", dimensions: [], factory: factory).recordNanoseconds(duration.nanoseconds)
    }

    /// Request body bytes received by the upload route.
    func received(bytes: Int64) {
        guard bytes > 0 else { return }
        Counter(label: "synap_upload_bytes_received_total", dimensions: [], factory: factory).increment(by: bytes)
    }

    /// A request refused with `code`.
    func rejected(code: String) {
        Counter(label: "synap_rejections_total", dimensions: [("code", code)], factory: factory).increment()
    }

    /// The text `/metrics` answers with.
    public func exposition() -> [UInt8] { registry.emitToBuffer() }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : product + attoseconds / 1_000_000_000
    }
}
