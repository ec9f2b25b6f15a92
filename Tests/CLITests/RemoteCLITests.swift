import Foundation
import ModelArtifact
import Testing
import TestSupport

/// The commands on `s3://` inputs, end to end against a real S3 API (moto, signatures checked):
/// every remote report equals the local report of the same file, field by field, apart from `path`,
/// `remote` and the strings that name the path; errors name the URL and exit 3.
@Suite("synap-tool on s3:// inputs (moto, signatures checked)", .enabled(if: S3TestEnvironment.current != nil || S3TestEnvironment.required))
struct RemoteCLITests {
    private func server() throws -> S3TestEnvironment {
        try #require(S3TestEnvironment.current, "REQUIRE_S3=1 but no S3 test server: run under scripts/with-s3-test-server.sh")
    }

    private func run(_ arguments: [String], _ server: S3TestEnvironment) throws -> CLITests.Run {
        try CLITests.run(arguments, environment: server.toolEnvironment)
    }

    /// `value` with every text naming `remote` rewritten to name `local`, and `remote` removed.
    private func normalized(_ value: JSONValue, remote: String, local: String) -> JSONValue {
        guard case .object(let members) = value else { return value }
        var kept = JSONObject()
        for (key, member) in members where key != "remote" { kept.append(key, member) }
        return JSONValue.object(kept).mapStrings { $0.replacingOccurrences(of: remote, with: local) }
    }

    /// The files below `root` (skipping `expected/`), by relative path.
    private func files(below root: String) -> [String] {
        let walker = FileManager.default.enumerator(atPath: root)
        var files: [String] = []
        while let relative = walker?.nextObject() as? String {
            var folder: ObjCBool = false
            if !relative.hasPrefix("expected/"), FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &folder),
               !folder.boolValue { files.append(relative) }
        }
        return files.sorted()
    }

    @Test("inspect of every fixture on S3 equals its local inspect, or fails with the same rule; requests are counted")
    func inspectEveryFixture() throws {
        let compared = try inspectEvery(below: Fixtures.path(""), prefix: "")
        #expect(compared > 30)
    }

    @Test("inspect of every public corpus file on S3 equals its local inspect", .enabled(if: CorpusLocation.exists("manifest.json")))
    func inspectEveryCorpusFile() throws {
        let compared = try inspectEvery(below: CorpusLocation.root, prefix: "corpus/")
        #expect(compared > 50)
    }

    /// Inspects every file below `root` locally and as `s3://BUCKET/<prefix><relative>`; the count compared.
    private func inspectEvery(below root: String, prefix: String) throws -> Int {
        let server = try server()
        var compared = 0
        for relative in files(below: root) {
            let localPath = root + (root.hasSuffix("/") ? "" : "/") + relative
            let remoteURL = server.url(prefix + relative)
            let local = try CLITests.run(["inspect", "--json", localPath])
            let remote = try run(["inspect", "--json", remoteURL], server)
            #expect(remote.status == local.status, "\(relative): \(remote.stderr)")
            if local.status == 3 {
                let rule = { (text: String) in text.split(separator: ":").dropFirst(2).first.map(String.init) }
                #expect(rule(remote.stderr) == rule(local.stderr) || local.stderr.contains("empty-file"), "\(relative): \(remote.stderr) vs \(local.stderr)")
                continue
            }
            let remoteJSON = try JSONParser.parse(bytes: Array(remote.stdout.utf8))
            let localJSON = try JSONParser.parse(bytes: Array(local.stdout.utf8))
            #expect(normalized(remoteJSON, remote: remoteURL, local: localPath) == localJSON, "\(relative)")
            // HEAD, then at least one ranged GET (a neighbour's too, for ONNX external data or a payload's meta JSON).
            let fetched = try #require(remoteJSON.objectValue?["remote"]?.objectValue)
            if case .int(let requests)? = fetched["requests"] { #expect(requests >= 2, "\(relative)") } else { Issue.record("\(relative)") }
            compared += 1
        }
        return compared
    }

    @Test("a checkpoint prefix reads as the local folder, one request per file and the listing")
    func checkpointPrefix() throws {
        let server = try server()
        let local = try CLITests.run(["inspect", "--json", Fixtures.path("checkpoint/tiny-llama")])
        let remoteURL = server.url("checkpoint/tiny-llama/")
        let remote = try run(["inspect", "--json", remoteURL], server)
        #expect(remote.status == 0 && local.status == 0, "\(remote.stderr)")
        let remoteJSON = try JSONParser.parse(bytes: Array(remote.stdout.utf8))
        #expect(normalized(remoteJSON, remote: remoteURL, local: Fixtures.path("checkpoint/tiny-llama"))
                    == (try JSONParser.parse(bytes: Array(local.stdout.utf8))))
        #expect(remoteJSON.objectValue?["remote"]?.objectValue?["requests"] == .int(5))
        // Without the trailing '/', the name that is no object is read as the prefix.
        let bare = try run(["validate", server.url("checkpoint/tiny-llama"), "--arch", "auto", "--format", "json"], server)
        #expect(bare.stdout.contains("\"remote\""))
    }

    @Test("a full-size sparse gpt-oss-120b on S3 validates and records with its prefix as weight_uri, one request per shard")
    func sparseCheckpointRecords() throws {
        let server = try server()
        let sparse = try #require(server.sparseFolder)
        let scratch = try ScratchFolder("cli-remote-record")
        defer { scratch.remove() }
        let folder = try writeCheckpoint("gpt-oss-120b", in: scratch, shards: 15, firstShard: 0)
        let target = sparse + "/record-\(UUID().uuidString)"
        try FileManager.default.moveItem(atPath: folder, toPath: target)
        defer { try? FileManager.default.removeItem(atPath: target) }
        let prefix = server.url("sparse/" + (target as NSString).lastPathComponent + "/")
        let validated = try run(["validate", prefix, "--arch", "gpt-oss-120b", "--format", "json"], server)
        #expect(validated.status == 0, "\(validated.stderr)")
        let result = try #require(try JSONParser.parse(bytes: Array(validated.stdout.utf8)).objectValue)
        #expect(result["verdict"] == .string("pass"))
        // The listing, config, index, tokenizer files (read for nothing but their names: none) and one GET per shard.
        guard case .int(let requests)? = result["remote"]?.objectValue?["requests"] else { Issue.record("no remote"); return }
        #expect(requests <= 1 + 2 + 15)
        let recorded = try run(["record", "cerebras", prefix, "--arch", "gpt-oss-120b"], server)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(recorded.stdout.contains(#""weight_uri": "\#(prefix)""#))
        let other = try run(["record", "cerebras", prefix, "--arch", "gpt-oss-120b", "--weight-uri", "s3://elsewhere/w"], server)
        #expect(other.status == 0 && other.stderr.contains("is not the checkpoint validated"))
    }

    @Test("checksum streams an object to the local digests and compares S3's ETag and SHA-256 checksum")
    func checksumRemote() throws {
        let server = try server()
        let local = try #require(server.multipartFile)
        let remote = try run(["checksum", server.url("checksums/multipart.bin"), "--algorithm", "sha256", "--algorithm", "md5"], server)
        let mine = try CLITests.run(["checksum", local, "--algorithm", "sha256", "--algorithm", "md5"])
        #expect(remote.status == 0, "\(remote.stderr)")
        #expect(remote.stdout.replacingOccurrences(of: server.url("checksums/multipart.bin"), with: local) == mine.stdout)
        #expect(remote.stderr.contains("ETag matches") && remote.stderr.contains("x-amz-checksum-sha256 matches"))
        let json = try run(["checksum", server.url("checksums/whole.bin"), "--json"], server)
        let file = try #require(try JSONParser.parse(bytes: Array(json.stdout.utf8)).objectValue?["files"]?.arrayValue?.first?.objectValue)
        #expect(file["stored"]?.arrayValue?.count == 2 && file["remote"] != nil)
        let prefix = try run(["checksum", server.url("checkpoint/tiny-llama/")], server)
        let folder = try CLITests.run(["checksum", Fixtures.path("checkpoint/tiny-llama")])
        let digest = { (text: String) in text.split(separator: "\n").first { $0.contains("checkpoint ") }?.split(separator: " ").dropFirst(2).first }
        #expect(prefix.status == 0 && digest(prefix.stderr) != nil && digest(prefix.stderr) == digest(folder.stderr))
    }

    @Test("checksum LOCAL --against s3://… says match (exit 0) or differ (exit 1), downloading nothing")
    func checksumAgainst() throws {
        let server = try server()
        let local = try #require(server.multipartFile)
        let same = try run(["checksum", local, "--against", server.url("checksums/multipart.bin")], server)
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
        #expect(same.stdout.contains("ETag: match") && same.stdout.contains("x-amz-checksum-sha256: match"))
        let scratch = try ScratchFolder("cli-against")
        defer { scratch.remove() }
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: local)))
        bytes[6_000_000] ^= 1
        let changed = try scratch.write("changed.bin", bytes)
        let differ = try run(["checksum", changed, "--against", server.url("checksums/multipart.bin"), "--json"], server)
        #expect(differ.status == 1)
        let stored = try JSONParser.parse(bytes: Array(differ.stdout.utf8)).objectValue?["files"]?.arrayValue?.first?.objectValue?["stored"]?.arrayValue
        #expect(stored?.count == 2 && stored?.allSatisfy { $0.objectValue?["match"] == .bool(false) } == true)
        let shorter = try scratch.write("short.bin", Array(bytes.prefix(1000)))
        let size = try run(["checksum", shorter, "--against", server.url("checksums/multipart.bin")], server)
        #expect(size.status == 1 && size.stdout.contains("size: DIFFER"))
    }

    @Test("detect and scan read remote objects and prefixes as they read local ones")
    func detectAndScan() throws {
        let server = try server()
        let detected = try run(["detect", "--json", server.url("pytorch/state_dict.pt")], server)
        let local = try CLITests.run(["detect", "--json", Fixtures.path("pytorch/state_dict.pt")])
        #expect(normalized(try JSONParser.parse(bytes: Array(detected.stdout.utf8)), remote: server.url("pytorch/state_dict.pt"),
                           local: Fixtures.path("pytorch/state_dict.pt")) == (try JSONParser.parse(bytes: Array(local.stdout.utf8))))
        let scanned = try run(["scan", "--format", "json", server.url("pytorch/")], server)
        let scannedLocal = try CLITests.run(["scan", "--format", "json", Fixtures.path("pytorch")])
        #expect(scanned.status == scannedLocal.status)
        let verdicts = { (text: String) throws -> [JSONValue] in
            (try JSONParser.parse(bytes: Array(text.utf8)).objectValue?["files"]?.arrayValue ?? []).map { $0.objectValue?["verdict"] ?? .null }
        }
        #expect(try verdicts(scanned.stdout) == verdicts(scannedLocal.stdout))
        #expect(try verdicts(scanned.stdout).contains(.string("unsafe")))
    }

    @Test("no such key, a wrong secret and no credentials: exit 3, the URL named, the reason said")
    func errors() throws {
        let server = try server()
        let missing = try run(["inspect", server.url("no/such.onnx")], server)
        #expect(missing.status == 3 && missing.stderr.contains(server.url("no/such.onnx")) && missing.stderr.contains("remote-not-found"))
        var wrong = server.toolEnvironment
        wrong["AWS_SECRET_ACCESS_KEY"] = "wrong"
        let denied = try CLITests.run(["inspect", server.url("onnx/tiny.onnx")], environment: wrong)
        #expect(denied.status == 3 && denied.stderr.contains("remote-access-denied"))
        var none = server.toolEnvironment
        none["AWS_ACCESS_KEY_ID"] = ""
        let anonymous = try CLITests.run(["inspect", server.url("onnx/tiny.onnx")], environment: none)
        #expect(anonymous.status == 3 && anonymous.stderr.contains("remote-no-credentials"))
        // --no-sign-request sends no signature even with credentials: this S3 checks, so it is refused.
        let unsigned = try run(["inspect", "--no-sign-request", server.url("onnx/tiny.onnx")], server)
        #expect(unsigned.status == 3 && unsigned.stderr.contains("remote-access-denied") && unsigned.stderr.contains("went unsigned"))
        let bucket = try run(["inspect", "s3://no-such-bucket-here/x.onnx"], server)
        #expect(bucket.status == 3 && bucket.stderr.contains("s3://no-such-bucket-here/x.onnx"))
    }
}
