import Foundation
import ModelArtifact
import Testing
import TestSupport

/// `synap-tool scan` and the verdict at the top of `inspect`.
@Suite struct ScanCLITests {
    func run(_ arguments: [String]) throws -> CLITests.Run { try CLITests.run(arguments) }

    @Test func safeFilesExitZero() throws {
        let result = try run(["scan", Fixtures.path("pytorch/state_dict.pt"), Fixtures.path("safetensors/tiny.safetensors")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("safe: only allow-listed globals"))
        #expect(result.stdout.contains("no pickle"))
    }

    @Test func unsafeFilesExitOneAndSayWhatWouldRun() throws {
        let result = try run(["scan", Fixtures.path("pytorch/unsafe.pt")])
        #expect(result.status == 1)
        #expect(result.stdout.contains("would import and call posix.system"))
        #expect(result.stdout.contains("unsafe/data.pkl@0x"))
    }

    @Test func brokenPicklesAreUnknownAndExitOne() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        // A pickle whose GET names a memo slot never filled: the loader stops there, so nothing was
        // read past it that could be called safe.
        let path = try folder.write("bad.pkl", [0x80, 0x02, 0x68, 0x09, 0x2e])
        let result = try run(["scan", path, "--format", "json"])
        #expect(result.status == 1)
        let files = try JSONParser.parse(bytes: Array(result.stdout.utf8)).objectValue?["files"]?.arrayValue
        #expect(files?.first?.objectValue?["verdict"] == .string("unknown"))
    }

    @Test func unreadableFilesExitThree() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let fifo = folder.path + "/model.pkl"
        #expect(mkfifo(fifo, 0o600) == 0)
        let result = try run(["scan", fifo, "--format", "json"])
        #expect(result.status == 3)
        let files = try JSONParser.parse(bytes: Array(result.stdout.utf8)).objectValue?["files"]?.arrayValue
        #expect(files?.first?.objectValue?["verdict"] == .string("error"))
    }

    @Test func jsonSarifAndGithubFormats() throws {
        let json = try run(["scan", "--format", "json", Fixtures.path("pytorch/trailing.pkl")])
        let file = try #require(JSONParser.parse(bytes: Array(json.stdout.utf8)).objectValue?["files"]?.arrayValue?.first?.objectValue)
        #expect(file["verdict"] == .string("unsafe"))
        #expect(file["globals"] == .array([.string("posix.system")]))
        let sarif = try run(["scan", "--format", "sarif", Fixtures.path("pytorch/hidden-pickle.pt")])
        let sarifRoot = try #require(JSONParser.parse(bytes: Array(sarif.stdout.utf8)).objectValue)
        #expect(sarifRoot["version"] == .string("2.1.0"))
        #expect(sarif.stdout.contains("\"ruleId\": \"PT001\""))
        let github = try run(["scan", "--format", "github", Fixtures.path("pytorch/unsafe.pt")])
        #expect(github.stdout.hasPrefix("::error file="))
        #expect(github.status == 1)
    }

    @Test func inspectPutsTheVerdictFirst() throws {
        let result = try run(["inspect", Fixtures.path("pytorch/legacy.pt")])
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count > 2 && lines[1].contains("verdict") && lines[1].contains("safe"))
        #expect(result.stdout.contains("layer.weight"))
    }
}

/// `inspect` takes several paths, as `detect` and `scan` do.
@Suite struct InspectPathsCLITests {
    @Test func severalPathsAreInspectedInTurn() throws {
        let text = try CLITests.run(["inspect", Fixtures.path("pytorch/state_dict.pt"), Fixtures.path("safetensors/tiny.safetensors")])
        #expect(text.status == 0)
        #expect(text.stdout.contains("state_dict.pt") && text.stdout.contains("tiny.safetensors"))
        let json = try CLITests.run(["inspect", "--json", Fixtures.path("pytorch/state_dict.pt"), Fixtures.path("safetensors/tiny.safetensors")])
        let reports = try JSONParser.parse(bytes: json.stdoutBytes).arrayValue
        #expect(reports?.count == 2)
        // One unreadable input: named on stderr, the others still inspected, exit 3.
        let mixed = try CLITests.run(["inspect", "/nonexistent/model.pt", Fixtures.path("safetensors/tiny.safetensors")])
        #expect(mixed.status == 3 && mixed.stdout.contains("tiny.safetensors") && mixed.stderr.contains("/nonexistent/model.pt"))
    }
}
