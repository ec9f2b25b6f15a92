import Foundation
import ModelArtifact
import Testing
import TestSupport
@testable import ModelInspector

/// Symbolic links and escaping names in checkpoint folders: followed only while they stay in the
/// folder (or lead into the Hugging Face cache repository's `blobs/`); otherwise an error finding,
/// and the file is not opened.
@Suite struct CheckpointLinkTests {
    static let shard2 = "model-00002-of-00002.safetensors"

    func link(_ path: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    }

    /// tiny-llama with `name` moved out of the folder (to `outside/`) and linked to by `target`.
    func linkedOut(_ name: String, target: (String) -> String) throws -> (ScratchFolder, String) {
        let scratch = try ScratchFolder()
        let folder = try scratch.copyFixture("checkpoint/tiny-llama")
        try FileManager.default.createDirectory(atPath: scratch.path + "/outside", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: folder + "/" + name, toPath: scratch.path + "/outside/" + name)
        try link(folder + "/" + name, to: target(scratch.path + "/outside/" + name))
        return (scratch, folder)
    }

    @Test func aShardLinkedOutIsAnErrorAndNotRead() throws {
        for target in [{ (abs: String) in abs }, { _ in "../outside/" + Self.shard2 }] {
            let (scratch, folder) = try linkedOut(Self.shard2, target: target)
            defer { scratch.remove() }
            let report = try ModelInspector.inspect(path: folder)
            let finding = try #require(report.findings.first { $0.code == "CKPT011" })
            #expect(finding.severity == .error)
            #expect(finding.location == Self.shard2)
            #expect(finding.message.contains(Self.shard2) && finding.message.contains("/outside/" + Self.shard2))
            #expect(finding.message.contains("symbolic link to " + target(scratch.path + "/outside/" + Self.shard2)))
            // Its tensors are not read: the index's entries for it are not blamed on it either.
            #expect(report.tensors?.contains { $0.file == Self.shard2 } == false)
            #expect(!report.findings.contains { $0.code == "CKPT002" })
            #expect(report.section(CheckpointSection.self)?.json.objectValue?["shards"]?.arrayValue?.count == 1)
        }
    }

    /// Nothing outside is opened, not even to look: a FIFO there would make opening it an error.
    @Test func nothingOutsideIsOpened() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let folder = try scratch.copyFixture("checkpoint/tiny-llama")
        #expect(mkfifo(scratch.path + "/fifo", 0o600) == 0)
        try FileManager.default.removeItem(atPath: folder + "/" + Self.shard2)
        try link(folder + "/" + Self.shard2, to: "../fifo")
        let report = try ModelInspector.inspect(path: folder)
        #expect(report.findings.contains { $0.code == "CKPT011" && $0.message.hasSuffix("/fifo; not read") })
    }

    /// A link that leaves only through a `..` after another link is still caught: lexically
    /// `hop/../SHARD` is inside, but `hop` is a link out, so `..` is the outside folder.
    @Test func linkChainsAndDotDotAreResolvedFully() throws {
        let (scratch, folder) = try linkedOut(Self.shard2) { _ in "hop/../" + Self.shard2 }
        defer { scratch.remove() }
        try FileManager.default.createDirectory(atPath: scratch.path + "/outside/deeper", withIntermediateDirectories: true)
        try link(folder + "/hop", to: scratch.path + "/outside/deeper")
        let report = try ModelInspector.inspect(path: folder)
        #expect(report.findings.contains { $0.code == "CKPT011" && $0.message.contains("/outside/" + Self.shard2) })
        #expect(report.tensors?.contains { $0.file == Self.shard2 } == false)
    }

    @Test func linksThatStayInsideAreRead() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let folder = try scratch.copyFixture("checkpoint/tiny-llama")
        try FileManager.default.createDirectory(atPath: folder + "/store", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: folder + "/" + Self.shard2, toPath: folder + "/store/" + Self.shard2)
        try link(folder + "/" + Self.shard2, to: "store/../store/" + Self.shard2)
        let report = try ModelInspector.inspect(path: folder)
        #expect(report.findings.isEmpty)
        #expect(report.tensors?.count == 21)
    }

    /// The Hugging Face cache: every file of a snapshot is a link to `../../blobs/SHA`.
    @Test func aCachedSnapshotIsRead() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let repo = scratch.path + "/hub/models--org--tiny-llama"
        let snapshot = repo + "/snapshots/5be1c0ffee"
        let fm = FileManager.default
        try fm.createDirectory(atPath: snapshot, withIntermediateDirectories: true)
        try fm.createDirectory(atPath: repo + "/blobs", withIntermediateDirectories: true)
        for (i, name) in try fm.contentsOfDirectory(atPath: Fixtures.path("checkpoint/tiny-llama")).sorted().enumerated() {
            try fm.copyItem(atPath: Fixtures.path("checkpoint/tiny-llama/" + name), toPath: repo + "/blobs/blob\(i)")
            try link(snapshot + "/" + name, to: "../../blobs/blob\(i)")
        }
        let report = try ModelInspector.inspect(path: snapshot)
        #expect(report.findings.isEmpty)
        #expect(report.tensors?.count == 21)
        #expect(report.metadata?["hidden_size"] == .int(16))
        // Another repository's blob is outside.
        try fm.createDirectory(atPath: scratch.path + "/hub/models--evil--x/blobs", withIntermediateDirectories: true)
        try fm.moveItem(atPath: repo + "/blobs/blob2", toPath: scratch.path + "/hub/models--evil--x/blobs/blob2")
        try fm.removeItem(atPath: snapshot + "/" + "model-00002-of-00002.safetensors")
        try link(snapshot + "/model-00002-of-00002.safetensors", to: "../../../models--evil--x/blobs/blob2")
        let stolen = try ModelInspector.inspect(path: snapshot)
        #expect(stolen.findings.filter { $0.severity == .error }.map(\.code) == ["CKPT011"])
    }

    @Test func configAndIndexLinkedOutAreNotRead() throws {
        let (scratch, folder) = try linkedOut("config.json") { $0 }
        defer { scratch.remove() }
        let report = try ModelInspector.inspect(path: folder)
        #expect(report.findings.map(\.code) == ["CKPT011"])
        #expect(report.metadata == nil)
        let (scratch2, folder2) = try linkedOut("model.safetensors.index.json") { $0 }
        defer { scratch2.remove() }
        let second = try ModelInspector.inspect(path: folder2)
        #expect(second.findings.map(\.code) == ["CKPT011"])
        #expect(second.section(CheckpointSection.self)?.json.objectValue?["index"] == nil)
        #expect(second.tensors?.count == 21)   // the shards, found by their names
    }

    @Test func torchShardsLinkedOut() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let folder = try scratch.copyFixture("checkpoint/tiny-bin")
        let name = "pytorch_model-00002-of-00002.bin"
        try FileManager.default.moveItem(atPath: folder + "/" + name, toPath: scratch.path + "/" + name)
        try link(folder + "/" + name, to: "../" + name)
        let report = try ModelInspector.inspect(path: folder)
        #expect(report.findings.filter { $0.severity == .error }.map(\.code) == ["CKPT011"])
        #expect(report.tensors?.map(\.name) == ["embed.weight"])
    }

    /// weight_map names that leave the folder are findings and never opened; a name in a
    /// subfolder that stays inside is read.
    @Test func indexNamesThatLeaveAreRefused() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let folder = try scratch.copyFixture("checkpoint/tiny-llama")
        let indexPath = folder + "/model.safetensors.index.json"
        let original = try String(contentsOfFile: indexPath, encoding: .utf8)
        for hostile in ["/etc/passwd", "../../etc/passwd", "sub/../../x", "..\\\\x", scratch.path + "/outside.safetensors"] {
            try original.replacingOccurrences(of: "\"lm_head.weight\": \"model-00002-of-00002.safetensors\"",
                                              with: "\"lm_head.weight\": \"\(hostile)\"")
                .write(toFile: indexPath, atomically: true, encoding: .utf8)
            let report = try ModelInspector.inspect(path: folder)
            #expect(report.findings.contains { $0.code == "CKPT007" && $0.location == "model.safetensors.index.json" }, "\(hostile)")
        }
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: folder + "/" + Self.shard2, toPath: folder + "/sub/" + Self.shard2)
        try original.replacingOccurrences(of: "\"" + Self.shard2 + "\"", with: "\"sub/" + Self.shard2 + "\"")
            .write(toFile: indexPath, atomically: true, encoding: .utf8)
        let report = try ModelInspector.inspect(path: folder)
        #expect(report.findings.isEmpty)
        #expect(report.tensors?.filter { $0.file == "sub/" + Self.shard2 }.count == 6)
    }
}
