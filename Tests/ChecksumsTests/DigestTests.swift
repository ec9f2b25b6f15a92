import Foundation
import ModelArtifact
import Testing
import TestSupport
@testable import Checksums

/// Every digest equals the reference's: Python hashlib's vectors, and `sha256sum`/`md5sum` run here.
@Suite struct DigestTests {
    static let folder = try! ScratchFolder("checksum-vectors").path
    /// Small windows, so that window and part boundaries fall inside small files.
    static let digester = FileDigester(windowSize: 65536)

    @Test(arguments: ChecksumVector.small) func smallFilesMatchTheReference(_ vector: ChecksumVector) throws {
        let path = try vector.make(in: Self.folder)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for (part, etag) in vector.etags {
            let digest = try Self.digester.digest(path: path, algorithms: [.sha256, .md5, .etag(partSize: part)])
            #expect(digest.sha256 == vector.sha256)
            #expect(digest.md5 == vector.md5)
            #expect(digest.etag == etag, "part \(part)")
            #expect(digest.size == vector.size)
        }
        // Window sizes that do not divide the parts give the same answers.
        let odd = try FileDigester(windowSize: 4096 + 17 * 4096).digest(path: path, algorithms: [.etag(partSize: 100_000), .sha256])
        #expect(odd.etag == vector.etags[100_000] && odd.sha256 == vector.sha256)
    }

    @Test(arguments: ChecksumVector.small) func coreutilsAgree(_ vector: ChecksumVector) throws {
        let path = try vector.make(in: Self.folder)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let digest = try Self.digester.digest(path: path, algorithms: [.sha256, .md5])
        #expect(try Self.coreutils("sha256sum", path) == digest.sha256)
        #expect(try Self.coreutils("md5sum", path) == digest.md5)
    }

    @Test(arguments: ChecksumVector.large) func fourGiBAndMoreInOnePass(_ vector: ChecksumVector) throws {
        let path = try vector.make(in: Self.folder)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let part = DigestAlgorithm.defaultPartSize
        let digest = try FileDigester().digest(path: path, algorithms: [.sha256, .md5, .etag(partSize: part)])
        #expect(digest.size > 1 << 32)
        #expect(digest.sha256 == vector.sha256)
        #expect(digest.md5 == vector.md5)
        #expect(digest.etag == vector.etags[part])
        #expect(digest.partMD5s?.count == (vector.size + part - 1) / part)
    }

    @Test func perTensorDigestsCoverEachRange() throws {
        let path = Fixtures.path("safetensors/tiny.safetensors")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let ranges = [NamedRange(name: "a", range: 8..<100), NamedRange(name: "empty", range: 50..<50),
                      NamedRange(name: "tail", range: 1000..<bytes.count), NamedRange(name: "overlap", range: 90..<1100)]
        let digest = try FileDigester(windowSize: 4096).digest(path: path, algorithms: [.sha256], ranges: ranges)
        let got = try #require(digest.ranges)
        #expect(got.map(\.name) == ["a", "empty", "tail", "overlap"])
        for (item, named) in zip(got, ranges) {
            let slice = Array(bytes[named.range])
            #expect(item.sha256 == Self.sha256(slice), "\(named.name)")
        }
        let outside = NamedRange(name: "x", range: 0..<(bytes.count + 1))
        let error = #expect(throws: ArtifactError.self) {
            try FileDigester().digest(path: path, algorithms: [.sha256], ranges: [outside])
        }
        #expect(error?.rule == "range-out-of-file")
    }

    @Test func algorithmArguments() {
        #expect(DigestAlgorithm(argument: "sha256") == .sha256)
        #expect(DigestAlgorithm(argument: "MD5") == .md5)
        #expect(DigestAlgorithm(argument: "etag") == .etag(partSize: 8 << 20))
        #expect(DigestAlgorithm(argument: "etag:16MiB") == .etag(partSize: 16 << 20))
        #expect(DigestAlgorithm(argument: "etag:16MB") == .etag(partSize: 16_000_000))
        #expect(DigestAlgorithm(argument: "etag:1MiB") == nil)
        #expect(DigestAlgorithm(argument: "etag:6GiB") == nil)
        #expect(DigestAlgorithm(argument: "etag:x") == nil)
        #expect(DigestAlgorithm(argument: "crc32") == nil)
        #expect(ByteSize.parse("9223372036854775807G") == nil)
    }

    static func coreutils(_ tool: String, _ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool, path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        let folder = try! ScratchFolder("slice").path
        let path = folder + "/slice"
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return try! coreutils("sha256sum", path)
    }
}
