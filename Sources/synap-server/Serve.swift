import ArgumentParser
import Logging
import UploadServer

/// `synap-server serve`: starts the server on the embedded default (SQLite and artifacts in the data folder).
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the server.",
        discussion: """
            Every option has an environment variable (SYNAP_HOST, SYNAP_PORT, SYNAP_DATA, SYNAP_MAX_UPLOAD_SIZE, \
            SYNAP_JWT_SECRET_FILE, SYNAP_JWT_PUBLIC_KEY, SYNAP_MAX_CONCURRENT_UPLOADS); a flag wins over its variable. \
            With no key given, an HS256 secret is created in the data folder on first start (mode 0600): \
            `synap-server token` mints tokens with it. SIGTERM or SIGINT stops the server gracefully.
            """)

    @Option(name: .long, help: ArgumentHelp("The address to listen on (env SYNAP_HOST; default \(ServerConfiguration.defaultHost)).", valueName: "host"))
    var host: String?

    @Option(name: .long, help: ArgumentHelp("The port (env SYNAP_PORT; default \(ServerConfiguration.defaultPort); 0 picks a free one).", valueName: "port"))
    var port: Int?

    @OptionGroup var keys: KeyOptions

    @Option(name: .long, help: ArgumentHelp("A PEM public key (RSA: RS256, P-256: ES256) to verify tokens with (env SYNAP_JWT_PUBLIC_KEY).", valueName: "file"))
    var jwtPublicKey: String?

    @Option(name: .long, help: ArgumentHelp("The largest upload, like 500MB or 20GiB (env SYNAP_MAX_UPLOAD_SIZE; default \(ServerConfiguration.defaultMaxUploadSize)).", valueName: "size"))
    var maxUploadSize: String?

    @Option(name: .long, help: ArgumentHelp("How many uploads may stream at once; more get 503 (env SYNAP_MAX_CONCURRENT_UPLOADS; default \(ServerConfiguration.defaultMaxConcurrentUploads)).", valueName: "n"))
    var maxConcurrentUploads: Int?

    @Option(name: .long, help: ArgumentHelp("The records' database: postgres://user@host:port/db (env SYNAP_DATABASE_URL; default SQLite in the data folder).", valueName: "url"))
    var database: String?

    func validate() throws {
        _ = try configuration()
    }

    /// The configuration the flags, then `environment`, then the defaults give.
    func configuration(_ environment: OptionEnvironment = .process) throws -> ServerConfiguration {
        var config = ServerConfiguration()
        config.host = host ?? environment.value("SYNAP_HOST") ?? config.host
        if let text = port.map(String.init) ?? environment.value("SYNAP_PORT") {
            guard let value = Int(text), (0...65535).contains(value) else { throw ValidationError("the port must be 0 to 65535, not '\(text)'") }
            config.port = value
        }
        config.dataFolder = keys.dataFolder(environment)
        if let text = database ?? environment.value("SYNAP_DATABASE_URL") {
            guard let named = RecordsDatabase(url: text) else {
                throw ValidationError("--database takes a postgres:// URL (postgres://user@host:5432/db), not '\(text)'")
            }
            config.database = named
        }
        if let text = maxUploadSize ?? environment.value("SYNAP_MAX_UPLOAD_SIZE") {
            guard let size = ByteSize(text), size.bytes > 0 else {
                throw ValidationError("the upload size must be a number with a unit such as 500MB or 20GiB, not '\(text)'")
            }
            config.maxUploadSize = size
        }
        if let text = maxConcurrentUploads.map(String.init) ?? environment.value("SYNAP_MAX_CONCURRENT_UPLOADS") {
            guard let value = Int(text), value > 0 else { throw ValidationError("--max-concurrent-uploads must be 1 or more, not '\(text)'") }
            config.maxConcurrentUploads = value
        }
        let publicKey = jwtPublicKey ?? environment.value("SYNAP_JWT_PUBLIC_KEY")
        switch (keys.secretFile(environment), publicKey) {
        case (let secret?, nil): config.keySource = .secretFile(secret)
        case (nil, let key?): config.keySource = .publicKeyFile(key)
        case (nil, nil): config.keySource = .generatedSecret
        case (_?, _?): throw ValidationError("give --jwt-secret-file or --jwt-public-key, not both")
        }
        return config
    }

    func run() async throws {
        let config = try configuration()
        let logger = Logger(label: "synap-server")
        let tokenKeys = try await TokenKeys.load(config.keySource, dataFolder: config.dataFolder, create: true)
        let (records, store) = try EmbeddedStorage.open(config, logger: logger)
        let removed = try await UploadServer.prepare(records: records, store: store)
        if removed > 0 { logger.notice("removed \(removed) leftover file(s) of interrupted uploads") }
        try await UploadServer.run(records: records, store: store, keys: tokenKeys, configuration: config, logger: logger) { channel in
            let port = channel.localAddress?.port ?? config.port
            StandardOutput.line("synap-server listening on http://\(config.host):\(port)")
            let where_ = (records as? SQLModelVersionRecords)?.location ?? "records"
            StandardOutput.line("data: \(config.dataFolder) (artifacts/); records: \(where_); tokens: \(tokenKeys.summary)")
        }
    }
}
