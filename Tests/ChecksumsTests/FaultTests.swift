import Foundation
import ModelArtifact
import Testing
import TestSupport
@testable import Checksums

/// Files that change while they are hashed, and files that are not files: clear errors, no crash.
@Suite struct FaultTests {
    static func makeFile(_ size: Int) throws -> String {
        let path = try ScratchFolder("faults").path + "/data.bin"
        _ = FileManager.default.createFile(atPath: path, contents: Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7) }))
        return path
    }

    @Test func aFileThatShrinksBetweenWindows() throws {
        let path = try Self.makeFile(1 << 20)
        var windows = 0
        let error = #expect(throws: ArtifactError.self) {
            try FileDigester(windowSize: 65536).digest(path: path, algorithms: [.sha256]) { _ in
                windows += 1
                if windows == 2 { truncate(path, 100_000) }
            }
        }
        #expect(error?.rule == "file-changed")
        #expect(error?.description.contains("shrank") == true)
    }

    @Test func aFileThatShrinksUnderTheMapIsCaughtNotFatal() throws {
        let path = try Self.makeFile(1 << 20)
        let file = try StreamedFile(path: path)
        let error = #expect(throws: ArtifactError.self) {
            try file.forEachWindow(of: 0..<file.size, windowSize: 1 << 20) { _, bytes in
                truncate(path, 4096)
                // Reading past the new end would raise SIGBUS on a plain memory map.
                var sum = 0
                for i in stride(from: 0, to: bytes.count, by: 4096) { sum &+= Int(bytes[i]) }
                _ = sum
            }
        }
        #expect(error?.rule == "file-changed")
        #expect(error?.found.contains("page") == true)
    }

    @Test func aFaultOnAnotherThreadIsCaughtToo() throws {
        let path = try Self.makeFile(1 << 20)
        let file = try StreamedFile(path: path)
        let error = #expect(throws: ArtifactError.self) {
            try file.forEachWindow(of: 0..<file.size, windowSize: 1 << 20) { _, bytes in
                truncate(path, 4096)
                let shared = UnsafeSendableBytes(bytes: bytes)
                DispatchQueue.concurrentPerform(iterations: 2) { half in
                    var sum = 0
                    for i in stride(from: half * shared.bytes.count / 2, to: (half + 1) * shared.bytes.count / 2, by: 4096) {
                        sum &+= Int(shared.bytes[i])
                    }
                    _ = sum
                }
            }
        }
        #expect(error?.rule == "file-changed")
    }

    @Test func aFileReplacedWhileHashed() throws {
        let path = try Self.makeFile(300_000)
        let other = path + ".new"
        _ = FileManager.default.createFile(atPath: other, contents: Data(repeating: 1, count: 10))
        let error = #expect(throws: ArtifactError.self) {
            try FileDigester(windowSize: 65536).digest(path: path, algorithms: [.md5]) { _ in
                rename(other, path)
            }
        }
        #expect(error?.rule == "file-changed")
        #expect(error?.found.contains("replaced") == true)
    }

    @Test func notRegularFiles() throws {
        let folder = try ScratchFolder("special").path
        let fifo = folder + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        for (path, rule) in [(folder, "not-a-regular-file"), (fifo, "not-a-regular-file"),
                             ("/dev/null", "not-a-regular-file"), (folder + "/missing", "unreadable")] {
            let error = #expect(throws: ArtifactError.self) { try FileDigester().digest(path: path, algorithms: [.sha256]) }
            #expect(error?.rule == rule, "\(path)")
        }
    }

    @Test func theRunnerKeepsOrderAndReportsEachFailure() throws {
        let folder = try ScratchFolder("runner").path
        var paths: [String] = []
        for (i, size) in [10, 300_000, 0, 70_000].enumerated() {
            let path = folder + "/f\(i)"
            _ = FileManager.default.createFile(atPath: path, contents: Data(repeating: UInt8(i), count: size))
            paths.append(path)
        }
        paths.insert(folder + "/missing", at: 2)
        let progress = ChecksumProgress(total: 370_010)
        let results = ChecksumRunner(digester: FileDigester(windowSize: 65536), parallelFiles: 2)
            .run(paths.map { ChecksumJob(path: $0) }, algorithms: [.sha256], progress: progress)
        #expect(results.count == 5)
        for (path, result) in zip(paths, results) {
            switch result {
            case .success(let digest): #expect(digest.path == path)
            case .failure(let error): #expect(error.file == path && path.hasSuffix("missing"))
            }
        }
        #expect(progress.completed == 370_010)
        let serial = try FileDigester().digest(path: paths[1], algorithms: [.sha256])
        #expect(try results[1].get().sha256 == serial.sha256)
    }
}

/// A window's bytes handed to worker threads in a test (they are only read).
struct UnsafeSendableBytes: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
}
