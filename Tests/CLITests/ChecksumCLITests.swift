import Foundation
import ModelArtifact
import Testing
import TestSupport

/// `synap-tool checksum` end to end: coreutils-compatible output, checkpoints, --check, JSON, errors.
@Suite struct ChecksumCLITests {
    static func coreutils(_ arguments: [String], in folder: String? = nil) throws -> (status: Int32, out: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func outputIsWhatSha256sumAndMd5sumPrint() throws {
        let files = ["safetensors/tiny.safetensors", "gguf/tiny.gguf", "misc/empty.bin", "misc/random.bin"].map(Fixtures.path)
        let ours = try CLITests.run(["checksum"] + files)
        #expect(ours.status == 0)
        #expect(ours.stdout == (try Self.coreutils(["sha256sum"] + files)).out)
        let md5 = try CLITests.run(["checksum", "--algorithm", "md5"] + files)
        #expect(md5.stdout == (try Self.coreutils(["md5sum"] + files)).out)
        let tagged = try CLITests.run(["checksum", "--algorithm", "sha256", "--algorithm", "md5", files[0]])
        #expect(tagged.stdout == (try Self.coreutils(["sha256sum", "--tag", files[0]])).out + (try Self.coreutils(["md5sum", "--tag", files[0]])).out)
    }

    @Test func aFolderIsACheckpointThatSha256sumCanVerify() throws {
        let folder = try ScratchFolder().copyFixture("checkpoint/tiny-llama")
        let parent = (folder as NSString).deletingLastPathComponent
        let name = (folder as NSString).lastPathComponent
        let result = try CLITests.run(["checksum", folder])
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").count == 4)
        #expect(result.stderr.contains("checkpoint \(folder): "))
        let manifest = parent + "/manifest.sha256"
        try result.stdout.replacingOccurrences(of: parent + "/", with: "").write(toFile: manifest, atomically: true, encoding: .utf8)
        #expect(try Self.coreutils(["sha256sum", "-c", "manifest.sha256"], in: parent).status == 0)
        // The checkpoint digest is SHA-256 over the manifest of relative paths, sorted.
        let relative = result.stdout.replacingOccurrences(of: folder + "/", with: "")
        let expected = try Self.sha256(of: relative)
        #expect(result.stderr.contains(expected))
        _ = name
        // Same content elsewhere, same checkpoint digest.
        let copy = try ScratchFolder().copyFixture("checkpoint/tiny-llama")
        let again = try CLITests.run(["checksum", "--json", copy])
        let json = try JSONParser.parse(bytes: Array(again.stdout.utf8)).objectValue!
        let digest = json["checkpoints"]?.arrayValue?.first?.objectValue?["manifest_digest"]?.stringValue
        #expect(digest == expected)
    }

    @Test func checkReportsEveryMismatchAndUnreadableFile() throws {
        let folder = try ScratchFolder().copyFixture("checkpoint/tiny-llama")
        let listed = try CLITests.run(["checksum", folder])
        let manifest = folder + ".sha256"
        try listed.stdout.write(toFile: manifest, atomically: true, encoding: .utf8)
        #expect(try CLITests.run(["checksum", "--check", manifest]).status == 0)
        // Damage two files and remove a third.
        for name in ["config.json", "model-00002-of-00002.safetensors"] {
            let handle = try #require(FileHandle(forWritingAtPath: folder + "/" + name))
            try handle.seek(toOffset: 10)
            handle.write(Data([0x42]))
            try handle.close()
        }
        let mismatched = try CLITests.run(["checksum", "--check", manifest])
        #expect(mismatched.status == 1)
        #expect(mismatched.stdout.components(separatedBy: ": FAILED\n").count - 1 == 2)
        #expect(mismatched.stderr.contains("2 computed checksums did NOT match"))
        try FileManager.default.removeItem(atPath: folder + "/model.safetensors.index.json")
        let missing = try CLITests.run(["checksum", "--check", manifest, "--json"])
        #expect(missing.status == 3)
        let report = try JSONParser.parse(bytes: Array(missing.stdout.utf8)).objectValue!
        #expect(report["mismatches"] == .int(2))
        #expect(report["unreadable"] == .int(1))
    }

    @Test func perTensorDigestsInJSON() throws {
        let path = Fixtures.path("safetensors/tiny.safetensors")
        let result = try CLITests.run(["checksum", "--per-tensor", "--json", "--algorithm", "sha256", "--algorithm", "etag", path])
        #expect(result.status == 0)
        let root = try JSONParser.parse(bytes: Array(result.stdout.utf8)).objectValue!
        #expect(root["schema"] == .string("synap-tool.checksum/1"))
        let file = try #require(root["files"]?.arrayValue?.first?.objectValue)
        let tensors = try #require(file["tensors"]?.arrayValue)
        #expect(tensors.count == 16)
        #expect(file["etag"]?.stringValue == (try Self.coreutils(["md5sum", path])).out.split(separator: " ").first.map(String.init))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        for tensor in tensors.prefix(4) {
            let t = tensor.objectValue!
            let offset = Int(t["offset"]!.intValue!), length = Int(t["length"]!.intValue!)
            #expect(t["sha256"]?.stringValue == (try Self.sha256(of: bytes.subdata(in: offset..<(offset + length)))))
        }
    }

    @Test func errorsAndUsage() throws {
        let fifoFolder = try ScratchFolder("cli-fifo").path
        let fifo = fifoFolder + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let special = try CLITests.run(["checksum", fifo, Fixtures.path("misc/text.txt")])
        #expect(special.status == 3)
        #expect(special.stderr.contains("not-a-regular-file"))
        #expect(special.stdout.contains("text.txt"), "the readable file is still digested")
        #expect(try CLITests.run(["checksum", "/nonexistent"]).status == 3)
        #expect(try CLITests.run(["checksum", "--algorithm", "crc32", "x"]).status == 2)
        #expect(try CLITests.run(["checksum", "--algorithm", "etag:1MiB", "x"]).status == 2)
        #expect(try CLITests.run(["checksum"]).status == 2)
    }

    static func sha256(of text: String) throws -> String { try sha256(of: Data(text.utf8)) }

    static func sha256(of data: Data) throws -> String {
        let path = try ScratchFolder("sha").path + "/blob"
        _ = FileManager.default.createFile(atPath: path, contents: data)
        return try coreutils(["sha256sum", path]).out.split(separator: " ").first.map(String.init) ?? ""
    }
}
