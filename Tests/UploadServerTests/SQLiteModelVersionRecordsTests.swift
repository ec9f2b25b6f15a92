import Foundation
import ModelArtifact
import TestSupport
import Testing
import UploadRecords
@testable import UploadServer

@Suite struct SQLiteModelVersionRecordsTests {
    @Test func migrationsRunOnceAndAgainAreANoOp() async throws {
        try await withRecords { records, folder in
            #expect(try await records.applyMigrations() == [])  // `withRecords` migrated already
            try await records.migrate()
            let second = try SQLiteModelVersionRecords(directory: folder.path)
            #expect(try await second.applyMigrations() == [])
            try await second.shutdown()
            _ = try await records.insert(Self.version(project: 1))
        }
    }

    @Test func firstMigrationAppliesTheSchema() async throws {
        let folder = try ScratchFolder("records")
        defer { folder.remove() }
        let records = try SQLiteModelVersionRecords(directory: folder.path)
        #expect(try await records.applyMigrations() == RecordsMigration.all.map(\.version))
        #expect(records.databasePath.hasSuffix("/synap.sqlite"))
        try await records.ping()
        #expect(try await records.setting("journal_mode", as: String.self) == "wal")
        #expect(try await records.setting("synchronous", as: Int.self) == 2)  // FULL
        #expect(try await records.setting("busy_timeout", as: Int.self) == 10_000)
        #expect(FileManager.default.fileExists(atPath: records.databasePath + "-wal"))
        try await records.shutdown()
        try await records.shutdown()  // twice is fine
    }

    @Test func insertGetRoundTrip() async throws {
        try await withRecords { records, _ in
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

    @Test func listIsNewestFirstWithPagingAndTotal() async throws {
        try await withRecords { records, _ in
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

    @Test func versionZeroNeverConflicts() async throws {
        try await withRecords { records, _ in
            let a = try await records.insert(Self.version(project: 3, version: 0))
            let b = try await records.insert(Self.version(project: 3, version: 0))
            #expect(a.record.id != b.record.id)
            #expect(try await records.versionExists(projectID: 3, versionID: 0) == false)
            #expect(try await records.list(projectID: 3, limit: 10, offset: 0).total == 2)
        }
    }

    @Test func aSecondRowForAVersionIsRefused() async throws {
        try await withRecords { records, _ in
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

    @Test func thirtyTwoConcurrentInsertsAllSucceedWithUniqueIDs() async throws {
        try await withRecords { records, _ in
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

    @Test func sixteenConcurrentInsertsOfOneVersionLeaveExactlyOne() async throws {
        try await withRecords { records, _ in
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

    @Test func aReopenedDatabaseKeepsItsRows() async throws {
        let folder = try ScratchFolder("records")
        defer { folder.remove() }
        let first = try SQLiteModelVersionRecords(directory: folder.path)
        try await first.migrate()
        let a = try await first.insert(Self.version(project: 8, version: 1))
        let b = try await first.insert(Self.version(project: 8))
        try await first.shutdown()

        let again = try SQLiteModelVersionRecords(directory: folder.path)
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

    /// Runs `body` with migrated records in a fresh folder, and closes and removes them after.
    private func withRecords(_ body: (SQLiteModelVersionRecords, ScratchFolder) async throws -> Void) async throws {
        let folder = try ScratchFolder("records")
        defer { folder.remove() }
        let records = try SQLiteModelVersionRecords(directory: folder.path)
        do {
            try await records.migrate()
            try await body(records, folder)
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
