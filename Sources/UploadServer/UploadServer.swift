import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// The upload server: its routes over a `ModelVersionRecords` and an `ArtifactStore`, built into a
/// Hummingbird application, and run with graceful shutdown.
public enum UploadServer {
    /// The routes every request goes through: the request log, the error answers and the bearer
    /// token check wrap them all.
    public static func router(records: any ModelVersionRecords, store: any ArtifactStore, keys: TokenKeys,
                              metrics: ServerMetrics, configuration: ServerConfiguration) -> Router<ServerContext> {
        let router = Router(context: ServerContext.self)
        router.add(middleware: RequestLogMiddleware())
        let routes = RouteTable()
        router.add(middleware: APIErrorMiddleware(metrics: metrics, routes: routes))
        router.add(middleware: BearerAuthenticator(keys: keys))

        let upload = UploadRoute(records: records, store: store, metrics: metrics,
                                 maxUploadSize: configuration.maxUploadSize.bytes,
                                 slots: UploadSlots(limit: configuration.maxConcurrentUploads),
                                 pace: { UploadPace(bytesPerSecond: configuration.minimumUploadRate.bytes,
                                                    window: configuration.slowUploadWindow) })
        let models = ModelRoutes(records: records, store: store)
        let operations = OperationsRoutes(records: records, store: store, metrics: metrics)

        routes.add(router, .post, "/ml/projects/:id/models/upload", upload.handle)
        routes.add(router, .get, "/ml/projects/:id/models", models.list)
        routes.add(router, .get, "/ml/projects/:id/models/:model_id", models.detail)
        routes.add(router, .get, "/ml/projects/:id/models/:model_id/file", models.file)
        routes.add(router, .get, "/healthz", operations.healthz)
        routes.add(router, .get, "/readyz", operations.readyz)
        routes.add(router, .get, "/metrics", operations.metrics)
        routes.add(router, .get, "/openapi.json", operations.openAPI)
        return router
    }

    /// The application serving `router` on the configured address, with the idle timeout that
    /// cuts off silent clients and the deadline for a request head, answering `Expect: 100-continue`.
    public static func application(router: Router<ServerContext>, configuration: ServerConfiguration, logger: Logger,
                                   onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in })
        -> some ApplicationProtocol {
        let idle = TimeAmount.nanoseconds(configuration.idleTimeout.nanoseconds)
        let head = TimeAmount.nanoseconds(configuration.requestHeadTimeout.nanoseconds)
        let http = HTTP1Channel.Configuration(additionalChannelHandlers: [RequestHeadDeadline(deadline: head), BodyReadWindow(), ExpectContinueHandler()],
                                              idleTimeout: idle)
        return Application(router: router, server: .http1(configuration: http),
                           configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                                serverName: "synap-server"),
                           onServerRunning: onServerRunning, logger: logger)
    }

    /// Prepares the records and the store: runs the migrations, then removes what a crash left
    /// (temporary objects, artifacts without a row). Returns how many leftovers were removed.
    public static func prepare(records: any ModelVersionRecords, store: any ArtifactStore) async throws -> Int {
        try await records.migrate()
        return try await store.removeLeftovers(keep: try await records.artifactKeys())
    }

    /// Serves until SIGTERM or SIGINT, then stops accepting, lets in-flight requests finish within
    /// the grace period, and closes the records last.
    public static func run(records: any ModelVersionRecords, store: any ArtifactStore, keys: TokenKeys,
                           configuration: ServerConfiguration, logger: Logger,
                           onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }) async throws {
        let metrics = ServerMetrics()
        let router = router(records: records, store: store, keys: keys, metrics: metrics, configuration: configuration)
        let app = application(router: router, configuration: configuration, logger: logger, onServerRunning: onServerRunning)
        var groupConfiguration = ServiceGroupConfiguration(
            services: [.init(service: RecordsCloser(records: records)), .init(service: app)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = configuration.shutdownGracePeriod
        try await ServiceGroup(configuration: groupConfiguration).run()
    }
}

/// Closes the records when the service group shuts down; listed before the application, so it is
/// shut down after it (services stop in reverse order).
struct RecordsCloser: Service {
    let records: any ModelVersionRecords

    func run() async throws {
        try? await gracefulShutdown()
        try await records.shutdown()
    }
}
