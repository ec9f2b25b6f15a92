import Foundation
import PostgresKit
import NIOPosix
import Logging
import SQLKit
import ModelArtifact
import TestSupport
import Testing
import UploadRecords
@testable import UploadServer

/// The records on each database they run on: SQLite always; PostgreSQL when
/// `scripts/with-postgres.sh` runs the tests (SYNAP_TEST_DATABASE_URL; CI sets REQUIRE_POSTGRES=1, so
/// that there a missing server fails instead of skipping). Each PostgreSQL test gets a schema of its
/// own, dropped after.
@Suite struct ModelVersionRecordsTests {
    enum Database: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, postgres
        var testDescription: String { rawValue }
    }

    /// The databases this run can test.
    static let databases: [Database] = {
        let environment = ProcessInfo.processInfo.environment
        let postgres = environment["SYNAP_TEST_DATABASE_URL"] != nil || environment["REQUIRE_POSTGRES"] == "1"
        return postgres ? [.sqlite, .postgres] : [.sqlite]
    }()

    @Test(arguments: databases) func migrationsRunOnceAndAgainAreANoOp(_ database: Database) async throws {
        try await withRecords(database) { records, place in
            #expect(try await records.applyMigrations() == [])  // `withRecords` migrated already
            try await records.migrate()
            let second = try place.open()
            #expect(try await second.applyMigrations() == [])
            try await second.shutdown()
            _ = try await records.insert(Self.version(project: 1))
        }
    }

    @Test func sqliteFirstMigrationAppliesTheSchemaWithItsSettings() async throws {
        let folder = try ScratchFolder("records")
        defer { folder.remove() }
        let records = try SQLModelVersionRecords(sqliteDirectory: folder.path)
        #expect(try await records.applyMigrations() == RecordsMigration.all.map(\.version))
        #expect(records.location.hasSuffix("/synap.sqlite"))
        try await records.ping()
        #expect(try await records.setting("journal_mode", as: String.self) == "wal")
        #expect(try await records.setting("synchronous", as: Int.self) == 2)  // FULL
        #expect(try await records.setting("busy_timeout", as: Int.self) == 10_000)
        #expect(FileManager.default.fileExists(atPath: records.location + "-wal"))
        try await records.shutdown()
        try await records.shutdown()  // twice is fine
    }

    @Test(arguments: databases) func insertGetRoundTrip(_ database: Database) async throws {
        try await withRecords(database) { records, _ in
            let new = Self.version(project: 12, version: 7, verdict: .safe)
            let stored = try await records.insert(new)
            let id = try #require(stored.record.id)
            #expect(stored.record.projectID == 12)
            #expect(stored.record.versionID == 7)
            #expect(stored.record.format == "pt")
            #expect(stored.record.artifactURI == new.artifactURI)
            #expect(stored.record.isReference == false)
            #expect(stored.record.sourceModelVersionID == nil)
            #expect(stored.record.createdAt == stored.record.updatedAt)
            #expect(stored.record.createdAt?.count == 24)
            #expect(stored.name == new.name)
            #expect(stored.sha256 == new.sha256)
            #expect(stored.size == new.size)
            #expect(stored.verdict == .safe)
            #expect(stored.artifactKey == new.artifactKey)
            #expect(stored.reportJSON == new.reportJSON)
            #expect(try await records.get(projectID: 12, id: id) == stored)
            #expect(try await records.get(projectID: 13, id: id) == nil)  // another project's row
            #expect(try await records.get(projectID: 12, id: id + 1) == nil)

            let plain = try await records.insert(Self.version(project: 12, format: .onnx, verdict: nil))
            let plainID = try #require(plain.record.id)
            let read = try #require(try await records.get(projectID: 12, id: plainID))
            #expect(read.verdict == nil)
            #expect(read.record.format == "onnx")
            #expect(try await records.artifactKeys() == [stored.artifactKey, plain.artifactKey])
        }
    }

    @Test(arguments: databases) func listIsNewestFirstWithPagingAndTotal(_ database: Database) async throws {
        try await withRecords(database) { records, _ in
            var ids: [Int64] = []
            for _ in 0..<5 { ids.append(try #require(try await records.insert(Self.version(project: 1)).record.id)) }
            _ = try await records.insert(Self.version(project: 2))
            #expect(ids == ids.sorted())

            let all = try await records.list(projectID: 1, limit: 100, offset: 0)
            #expect(all.total == 5)
            #expect(all.versions.map(\.record.id) == ids.reversed())

            let first = try await records.list(projectID: 1, limit: 2, offset: 0)
            #expect(first.total == 5)
            #expect(first.versions.map(\.record.id) == [ids[4], ids[3]])
            let last = try await records.list(projectID: 1, limit: 2, offset: 4)
            #expect(last.total == 5)
            #expect(last.versions.map(\.record.id) == [ids[0]])
            let beyond = try await records.list(projectID: 1, limit: 2, offset: 10)
            #expect(beyond.total == 5)
            #expect(beyond.versions.isEmpty)

            let empty = try await records.list(projectID: 99, limit: 10, offset: 0)
            #expect(empty.total == 0)
            #expect(empty.versions.isEmpty)
        }
    }

    @Test(arguments: databases) func versionZeroNeverConflicts(_ database: Database) async throws {
        try await withRecords(database) { records, _ in
            let a = try await records.insert(Self.version(project: 3, version: 0))
            let b = try await records.insert(Self.version(project: 3, version: 0))
            #expect(a.record.id != b.record.id)
            #expect(try await records.versionExists(projectID: 3, versionID: 0) == false)
            #expect(try await records.list(projectID: 3, limit: 10, offset: 0).total == 2)
        }
    }

    @Test(arguments: databases) func aSecondRowForAVersionIsRefused(_ database: Database) async throws {
        try await withRecords(database) { records, _ in
            #expect(try await records.versionExists(projectID: 4, versionID: 9) == false)
            _ = try await records.insert(Self.version(project: 4, version: 9))
            #expect(try await records.versionExists(projectID: 4, versionID: 9))
            await #expect(throws: RecordsError.versionExists(projectID: 4, versionID: 9)) {
                try await records.insert(Self.version(project: 4, version: 9))
            }
            _ = try await records.insert(Self.version(project: 5, version: 9))  // another project may
            #expect(try await records.list(projectID: 4, limit: 10, offset: 0).total == 1)
        }
    }

    @Test(arguments: databases) func thirtyTwoConcurrentInsertsAllSucceedWithUniqueIDs(_ database: Database) async throws {
        try await withRecords(database) { records, _ in
            let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
                for n in 0..<32 {
                    group.addTask {
                        try #require(try await records.insert(Self.version(project: 6, version: Int64(n % 2 == 0 ? 0 : n))).record.id)
                    }
                }
                return try await group.reduce(into: [Int64]()) { $0.append($1) }
            }
            #expect(ids.count == 32)
            #expect(Set(ids).count == 32)
            #expect(try await records.list(projectID: 6, limit: 100, offset: 0).total == 32)
        }
    }

    @Test(arguments: databases) func sixteenConcurrentInsertsOfOneVersionLeaveExactlyOne(_ database: Database) async throws {
        try await withRecords(database) { records, _ in
            let outcomes = await withTaskGroup(of: Result<StoredModelVersion, RecordsError>.self) { group in
                for _ in 0..<16 {
                    group.addTask {
                        do {
                            return .success(try await records.insert(Self.version(project: 7, version: 3)))
                        } catch let error as RecordsError {
                            return .failure(error)
                        } catch {
                            Issue.record("unexpected error \(error)")
                            return .failure(.versionExists(projectID: -1, versionID: -1))
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let successes = outcomes.filter { if case .success = $0 { return true } else { return false } }
            #expect(successes.count == 1)
            #expect(outcomes.filter { $0 == .failure(.versionExists(projectID: 7, versionID: 3)) }.count == 15)
            let total = try await records.list(projectID: 7, limit: 100, offset: 0).total
            #expect(total == 1)
        }
    }

    @Test(arguments: databases) func aReopenedDatabaseKeepsItsRows(_ database: Database) async throws {
        let place = try Place(database)
        defer { place.remove() }
        let first = try place.open()
        try await first.migrate()
        let a = try await first.insert(Self.version(project: 8, version: 1))
        let b = try await first.insert(Self.version(project: 8))
        try await first.shutdown()

        let again = try place.open()
        try await again.migrate()
        let page = try await again.list(projectID: 8, limit: 10, offset: 0)
        #expect(page.versions == [b, a])
        #expect(try await again.artifactKeys() == [a.artifactKey, b.artifactKey])
        await #expect(throws: RecordsError.versionExists(projectID: 8, versionID: 1)) {
            try await again.insert(Self.version(project: 8, version: 1))
        }
        let c = try await again.insert(Self.version(project: 8))
        let (newest, previous) = (try #require(c.record.id), try #require(b.record.id))
        #expect(newest > previous)
        try await again.shutdown()
    }

    @Test("four instances starting at once against one PostgreSQL: one applies the migrations, the others wait and find them applied",
          .enabled(if: databases.contains(.postgres)))
    func concurrentMigrationsTakeTheAdvisoryLock() async throws {
        let place = try Place(.postgres)
        defer { place.remove() }
        let instances = try (0..<4).map { _ in try place.open() }
        let applied = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for records in instances { group.addTask { try await records.applyMigrations() } }
            return try await group.reduce(into: [[Int64]]()) { $0.append($1) }
        }
        #expect(applied.filter { !$0.isEmpty } == [RecordsMigration.all.map(\.version)])
        _ = try await instances[0].insert(Self.version(project: 1))
        #expect(try await instances[3].list(projectID: 1, limit: 10, offset: 0).total == 1)
        for records in instances { try await records.shutdown() }
    }

    /// Where a test's records live: a fresh SQLite folder, or a fresh PostgreSQL schema.
    struct Place {
        let database: Database
        let folder: ScratchFolder?
        let schema: String?
        let url: String?

        init(_ database: Database) throws {
            self.database = database
            switch database {
            case .sqlite:
                folder = try ScratchFolder("records")
                (schema, url) = (nil, nil)
            case .postgres:
                let url = try #require(ProcessInfo.processInfo.environment["SYNAP_TEST_DATABASE_URL"],
                                       "REQUIRE_POSTGRES=1 but no SYNAP_TEST_DATABASE_URL: run under scripts/with-postgres.sh")
                let schema = "records_\(UInt32.random(in: .min ... .max))"
                try Self.psql(url, "CREATE SCHEMA \(schema)")
                (folder, self.schema, self.url) = (nil, schema, url)
            }
        }

        /// Records over this place (not migrated).
        func open() throws -> SQLModelVersionRecords {
            switch database {
            case .sqlite: return try SQLModelVersionRecords(sqliteDirectory: folder!.path)
            case .postgres: return try SQLModelVersionRecords(postgresURL: url!, schema: schema)
            }
        }

        func remove() {
            folder?.remove()
            if let url, let schema { try? Self.psql(url, "DROP SCHEMA \(schema) CASCADE") }
        }

        /// Runs `statement` on a connection of its own (the test's setup, outside the code under
        /// test). Not through a `psql` process: Foundation's `Process`, spawned while SwiftNIO
        /// opened sockets, was followed in CI by a trap in SwiftNIO (EBADF from `getsockname` on a
        /// socket it had just opened), the sign of a descriptor closed twice.
        static func psql(_ url: String, _ statement: String) throws {
            let configuration = try SQLPostgresConfiguration(url: url)
            let connection = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(),
                                                            configuration: configuration.coreConfiguration, id: 0,
                                                            logger: Logger(label: "test-setup")).wait()
            defer { try? connection.close().wait() }
            try connection.sql().raw(SQLQueryString(statement)).run().wait()
        }
    }

    /// Runs `body` with migrated records in a fresh place, and closes and removes them after.
    private func withRecords(_ database: Database = .sqlite,
                             _ body: (SQLModelVersionRecords, Place) async throws -> Void) async throws {
        let place = try Place(database)
        defer { place.remove() }
        let records = try place.open()
        do {
            try await records.migrate()
            try await body(records, place)
        } catch {
            try? await records.shutdown()
            throw error
        }
        try await records.shutdown()
    }

    /// A new version for `project`, with a fresh artifact key.
    private static func version(project: Int64, version: Int64 = 0, format: UploadFormat = .pt,
                                verdict: PickleVerdict? = .safe) -> NewModelVersion {
        let key = "\(project)/\(UInt64.random(in: .min ... .max)).\(format.rawValue)"
        return NewModelVersion(projectID: project, versionID: version, format: format,
                               artifactURI: "file:///data/artifacts/\(key)", artifactKey: key, name: "model",
                               sha256: String(repeating: "ab", count: 32), size: 1234, verdict: verdict,
                               reportJSON: #"{"schema":"synap-tool.report/1"}"#)
    }
}

extension SQLModelVersionRecords {
    /// The value of SQLite's `PRAGMA name` on a pooled connection (to check the connections' setup).
    func setting<T: Decodable & Sendable>(_ name: String, as type: T.Type) async throws -> T? {
        try await withDatabase { db in
            guard let row = try await db.raw("PRAGMA \(unsafeRaw: name)").first(), let column = row.allColumns.first else {
                return nil
            }
            return try row.decode(column: column, as: T.self)
        }
    }
}
