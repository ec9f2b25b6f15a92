import Foundation
import NIOCore
import TestSupport
import Testing
@testable import UploadServer

@Suite struct LocalArtifactStoreTests {
    @Test func writeCommitAndReadBack() async throws {
        try await withStore { store, folder in
            let resolved = try Self.resolved(folder.path)
            #expect(store.root == resolved + "/artifacts")
            let upload = try await store.begin()
            #expect(upload.temporaryPath.hasPrefix(store.incoming + "/"))
            let chunks: [[UInt8]] = [Array("hello ".utf8), Array(repeating: 7, count: 1 << 20), Array("world".utf8)]
            for chunk in chunks { try await upload.write(ByteBuffer(bytes: chunk)) }
            #expect(Self.bytes(upload.temporaryPath) == chunks.flatMap { $0 })

            try await upload.commit(key: "12/model.onnx")
            let path = try #require(store.localPath(forKey: "12/model.onnx"))
            #expect(path == store.root + "/12/model.onnx")
            #expect(Self.bytes(path) == chunks.flatMap { $0 })
            #expect(!FileManager.default.fileExists(atPath: upload.temporaryPath))
            #expect(store.uri(forKey: "12/model.onnx") == "file://" + path)
            #expect(try Self.names(store.incoming).isEmpty)

            await upload.abort()  // after a commit: nothing happens
            #expect(Self.bytes(path) == chunks.flatMap { $0 })
            await #expect(throws: ArtifactStoreError.uploadClosed) { try await upload.write(ByteBuffer(bytes: [1])) }
            await #expect(throws: ArtifactStoreError.uploadClosed) { try await upload.commit(key: "12/other.onnx") }
        }
    }

    @Test func abortLeavesNothing() async throws {
        try await withStore { store, _ in
            let upload = try await store.begin()
            try await upload.write(ByteBuffer(bytes: Array(repeating: 1, count: 4096)))
            await upload.abort()
            await upload.abort()  // idempotent
            #expect(!FileManager.default.fileExists(atPath: upload.temporaryPath))
            #expect(try Self.names(store.incoming).isEmpty)
            #expect(try Self.names(store.root) == [".incoming"])
            await #expect(throws: ArtifactStoreError.uploadClosed) { try await upload.write(ByteBuffer(bytes: [1])) }
            await #expect(throws: ArtifactStoreError.uploadClosed) { try await upload.commit(key: "1/a.pt") }
        }
    }

    @Test func keysThatLeaveTheirPlaceAreRefused() async throws {
        try await withStore { store, _ in
            let upload = try await store.begin()
            try await upload.write(ByteBuffer(bytes: [1, 2, 3]))
            for key in ["", "..", "../escape.pt", "1/../../escape.pt", "1/./a.pt", "/tmp/abs.pt", "1//a.pt", "1/",
                        ".incoming/x.pt", "1/.hidden.pt", "a\u{0}b"] {
                await #expect(throws: ArtifactStoreError.invalidKey(key)) { try await upload.commit(key: key) }
                #expect(store.localPath(forKey: key) == nil)
                await #expect(throws: ArtifactStoreError.invalidKey(key)) { try await store.remove(key: key) }
            }
            // A refused key leaves the upload open.
            try await upload.commit(key: "1/fine.pt")
            #expect(try Self.names(store.root) == [".incoming", "1"])
        }
    }

    @Test func aKeyIsNeverOverwritten() async throws {
        try await withStore { store, _ in
            let first = try await store.begin()
            try await first.write(ByteBuffer(bytes: [1]))
            try await first.commit(key: "2/a.pt")
            let second = try await store.begin()
            try await second.write(ByteBuffer(bytes: [2]))
            await #expect(throws: ArtifactStoreError.keyExists("2/a.pt")) { try await second.commit(key: "2/a.pt") }
            await second.abort()
            #expect(Self.bytes(store.root + "/2/a.pt") == [1])
            #expect(try Self.names(store.incoming).isEmpty)
        }
    }

    @Test func removeLeftoversClearsIncomingAndOrphansButKeepsListedKeys() async throws {
        try await withStore { store, _ in
            for key in ["3/kept.pt", "3/orphan.pt", "4/kept.onnx"] {
                let upload = try await store.begin()
                try await upload.write(ByteBuffer(bytes: Array(key.utf8)))
                try await upload.commit(key: key)
            }
            // Two uploads a crash interrupted: their temporary files remain, one still open.
            let interrupted = try await store.begin()
            try await interrupted.write(ByteBuffer(bytes: [9, 9]))
            let another = try await store.begin()
            try await another.write(ByteBuffer(bytes: [8]))
            await another.abort()
            #expect(FileManager.default.createFile(atPath: store.incoming + "/crashed-upload", contents: Data([1, 2])))

            let removed = try await store.removeLeftovers(keep: ["3/kept.pt", "4/kept.onnx"])
            #expect(removed == 3)  // two temporary files and one orphan
            #expect(try Self.names(store.incoming).isEmpty)
            #expect(try Self.names(store.root + "/3") == ["kept.pt"])
            #expect(Self.bytes(store.root + "/4/kept.onnx") == Array("4/kept.onnx".utf8))
            #expect(try await store.removeLeftovers(keep: ["3/kept.pt", "4/kept.onnx"]) == 0)
            await interrupted.abort()
        }
    }

    @Test func removeAndWritability() async throws {
        try await withStore { store, _ in
            #expect(await store.isWritable())
            #expect(try Self.names(store.incoming).isEmpty)  // the probe is gone
            let upload = try await store.begin()
            try await upload.commit(key: "5/empty.tflite")  // an empty file is still an artifact
            #expect(Self.bytes(store.root + "/5/empty.tflite") == [])
            try await store.remove(key: "5/empty.tflite")
            #expect(!FileManager.default.fileExists(atPath: store.root + "/5/empty.tflite"))
            try await store.remove(key: "5/empty.tflite")  // already gone: fine
        }
    }

    @Test func aSecondStoreOnTheFolderSeesTheArtifacts() async throws {
        try await withStore { store, folder in
            let upload = try await store.begin()
            try await upload.write(ByteBuffer(bytes: [4, 2]))
            try await upload.commit(key: "6/a.synap")
            let again = try LocalArtifactStore(directory: folder.path)
            #expect(again.root == store.root)
            let path = try #require(again.localPath(forKey: "6/a.synap"))
            #expect(Self.bytes(path) == [4, 2])
        }
    }

    /// Runs `body` with a store in a fresh folder, removed after.
    private func withStore(_ body: (LocalArtifactStore, ScratchFolder) async throws -> Void) async throws {
        let folder = try ScratchFolder("store")
        defer { folder.remove() }
        try await body(try LocalArtifactStore(directory: folder.path), folder)
    }

    private static func bytes(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { Array($0) }
    }

    private static func names(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    private static func resolved(_ path: String) throws -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }
}
