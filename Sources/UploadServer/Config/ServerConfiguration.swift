/// Where the server's key for bearer tokens comes from.
public enum TokenKeySource: Sendable, Equatable {
    /// An HS256 secret kept in the data folder (`DIR/jwt-secret`), created on first start.
    case generatedSecret
    /// An HS256 secret read from this file.
    case secretFile(String)
    /// A PEM public key (RSA for RS256, P-256 for ES256) read from this file; the server then only
    /// verifies tokens, it cannot mint them.
    case publicKeyFile(String)
}

/// Everything `synap-server serve` is told: where to listen, where the data lives, the limits and
/// the token key.
public struct ServerConfiguration: Sendable {
    /// The address to listen on.
    public var host: String
    /// The port to listen on (0 picks a free one).
    public var port: Int
    /// The data folder: the database, the artifacts, the generated secret.
    public var dataFolder: String
    /// Where the records are: SQLite in the data folder, or a PostgreSQL server.
    public var database: RecordsDatabase = .embedded
    /// The largest request body an upload may send.
    public var maxUploadSize: ByteSize
    /// How many uploads may stream at once; more get 503.
    public var maxConcurrentUploads: Int
    /// Where the token key comes from.
    public var keySource: TokenKeySource
    /// How long a connection may stay silent before it is closed (slow and idle clients).
    public var idleTimeout: Duration
    /// How long a request head (request line and headers) may take to arrive whole, from the
    /// connection's start or the previous answer; then the connection is closed.
    public var requestHeadTimeout: Duration
    /// How long in-flight requests may take to finish after SIGTERM.
    public var shutdownGracePeriod: Duration
    /// The slowest an upload body may arrive (bytes a second), measured over `slowUploadWindow`.
    public var minimumUploadRate: ByteSize
    /// The window the upload rate is measured over.
    public var slowUploadWindow: Duration

    /// The defaults of `serve`, each of which a flag or an environment variable overrides.
    public static let defaultHost = "127.0.0.1"
    public static let defaultPort = 8080
    public static let defaultDataFolder = "./synap-data"
    public static let defaultMaxUploadSize = ByteSize(bytes: 50 << 30)
    public static let defaultMaxConcurrentUploads = 8

    /// A configuration; every argument has the default `serve` uses.
    public init(host: String = defaultHost, port: Int = defaultPort, dataFolder: String = defaultDataFolder,
                maxUploadSize: ByteSize = defaultMaxUploadSize, maxConcurrentUploads: Int = defaultMaxConcurrentUploads,
                keySource: TokenKeySource = .generatedSecret, idleTimeout: Duration = .seconds(30),
                requestHeadTimeout: Duration = .seconds(30), shutdownGracePeriod: Duration = .seconds(30), minimumUploadRate: ByteSize = ByteSize(bytes: 1024),
                slowUploadWindow: Duration = .seconds(10)) {
        self.host = host
        self.port = port
        self.dataFolder = dataFolder
        self.maxUploadSize = maxUploadSize
        self.maxConcurrentUploads = maxConcurrentUploads
        self.keySource = keySource
        self.idleTimeout = idleTimeout
        self.requestHeadTimeout = requestHeadTimeout
        self.shutdownGracePeriod = shutdownGracePeriod
        self.minimumUploadRate = minimumUploadRate
        self.slowUploadWindow = slowUploadWindow
    }

    /// The file the generated HS256 secret lives in.
    public static func generatedSecretPath(dataFolder: String) -> String { dataFolder + "/jwt-secret" }
}
