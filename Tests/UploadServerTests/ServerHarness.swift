import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import ModelArtifact
import NIOCore
import TestSupport
@testable import UploadServer

/// A server on loopback over real records (SQLite in a temporary folder; PostgreSQL, in a schema of
/// its own, when SYNAP_TEST_SERVER_DATABASE=postgres, as `.ci/run` runs the suite a second time) and
/// a local store in a temporary folder, and the helpers tests drive it with.
struct ServerHarness: Sendable {
    /// The database the server suite runs on.
    static let database: ModelVersionRecordsTests.Database =
        ProcessInfo.processInfo.environment["SYNAP_TEST_SERVER_DATABASE"] == "postgres" ? .postgres : .sqlite

    let folder: ScratchFolder
    let records: SQLModelVersionRecords
    let store: LocalArtifactStore
    let keys: TokenKeys
    let metrics: ServerMetrics
    let configuration: ServerConfiguration

    /// Runs `test` against a fresh server whose configuration `configure` adjusts.
    static func run(_ configure: (inout ServerConfiguration) -> Void = { _ in },
                    _ test: @escaping @Sendable (ServerHarness, any TestClientProtocol) async throws -> Void) async throws {
        let folder = try ScratchFolder("synap-server")
        defer { folder.remove() }
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, dataFolder: folder.path)
        configure(&configuration)
        let place = Self.database == .postgres ? try ModelVersionRecordsTests.Place(.postgres) : nil
        defer { place?.remove() }
        let records = try place?.open() ?? SQLModelVersionRecords(sqliteDirectory: folder.path)
        let store = try LocalArtifactStore(directory: folder.path)
        _ = try await UploadServer.prepare(records: records, store: store)
        let keys = try await TokenKeys.load(.generatedSecret, dataFolder: folder.path, create: true)
        let harness = ServerHarness(folder: folder, records: records, store: store, keys: keys, metrics: ServerMetrics(),
                                    configuration: configuration)
        var logger = Logger(label: "synap-server-test")
        logger.logLevel = ProcessInfo.processInfo.environment["SYNAP_TEST_LOG"] == nil ? .warning : .info
        let router = UploadServer.router(records: records, store: store, keys: keys, metrics: harness.metrics,
                                         configuration: configuration)
        let app = UploadServer.application(router: router, configuration: configuration, logger: logger)
        do {
            try await app.test(.live) { client in try await test(harness, client) }
        } catch {
            try? await records.shutdown()
            throw error
        }
        try await records.shutdown()
    }

    /// A token for `projects`, valid for a minute.
    func token(_ projects: [Int64] = [12]) async throws -> String {
        try await keys.sign(projects: projects, lifetime: TimeSpan(seconds: 60))
    }

    /// Posts `body` to project `project`'s upload route with a token for `tokenProjects`, on a
    /// connection of its own (a refused upload's connection is closed).
    func upload(_ client: any TestClientProtocol, project: Int64 = 12, body: MultipartBody,
                tokenProjects: [Int64]? = nil) async throws -> TestClient.Response {
        try await Self.fresh(client.port!, "/ml/projects/\(project)/models/upload",
                             headers: try await headers(tokenProjects ?? [project], contentType: MultipartBody.contentType),
                             body: body.buffer)
    }

    /// `Authorization` (and `Content-Type`) headers.
    func headers(_ projects: [Int64] = [12], contentType: String? = nil) async throws -> HTTPFields {
        var fields: HTTPFields = [.authorization: "Bearer \(try await token(projects))"]
        if let contentType { fields[.contentType] = contentType }
        return fields
    }

    /// The committed artifacts (files under `artifacts/`, the temporary folder aside) and the
    /// temporary objects.
    func storedFiles() -> (artifacts: [String], temporary: [String]) {
        let root = folder.path + "/artifacts"
        let all = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
            .filter { !(((try? FileManager.default.attributesOfItem(atPath: root + "/" + $0))?[.type] as? FileAttributeType) == .typeDirectory) }
        return (all.filter { !$0.hasPrefix(".") }, all.filter { $0.hasPrefix(".") })
    }

    /// How many rows project `project` has.
    func rowCount(_ project: Int64 = 12) async throws -> Int {
        try await records.list(projectID: project, limit: 1, offset: 0).total
    }
}

/// The JSON helpers of an answer, for the shared test client's and a fresh connection's.
protocol AnswerBody {
    var bodyBytes: [UInt8] { get }
}

extension AnswerBody {
    /// The body parsed as JSON.
    var json: JSONValue? { try? JSONParser.parse(bytes: bodyBytes) }
    /// `data` of an APIResponse body.
    var data: JSONObject? { json?.objectValue?["data"]?.objectValue }
    /// `error.code` of an APIResponse error body (nil unless `success` is false).
    var errorCode: String? {
        guard let object = json?.objectValue, object["success"] == .bool(false) else { return nil }
        return object["error"]?.objectValue?["code"]?.stringValue
    }
    /// The body as text, for messages.
    var text: String { String(decoding: bodyBytes, as: UTF8.self) }
}

extension TestResponse: AnswerBody {
    var bodyBytes: [UInt8] { Array(body.readableBytesView) }
}

extension TestClient.Response: AnswerBody {
    var bodyBytes: [UInt8] { body.map { Array($0.readableBytesView) } ?? [] }
}

extension ServerHarness {
    /// Sends one request on a connection of its own (the shared test client has one connection).
    static func fresh(_ port: Int, _ uri: String, method: HTTPRequest.Method = .post, headers: HTTPFields,
                      body: ByteBuffer? = nil) async throws -> TestClient.Response {
        try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            try await client.execute(.init(uri, method: method, headers: headers, body: body))
        }
    }
}

/// Fixture and corpus files as bytes.
enum TestFiles {
    static func fixture(_ relative: String) throws -> [UInt8] {
        try Fixtures.bytes(relative)
    }
}
