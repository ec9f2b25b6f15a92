import Foundation
import ModelArtifact
import Testing
import TestSupport

/// `scan DIR`: every file below a folder judged by content, links out of it never followed, and
/// output that no file's names can steer.
@Suite struct ScanFolderCLITests {
    /// The generated hostile files, written below a folder, each keep their verdict through the CLI.
    @Test func aFolderOfHostileFilesIsJudgedFileByFile() throws {
        let folder = try ScratchFolder("scan-folder")
        defer { folder.remove() }
        let cases = HostileCorpus.cases(seed: 7, perFamily: 3).filter { $0.family != "bomb" }
        try FileManager.default.createDirectory(atPath: folder.path + "/nested/deeper", withIntermediateDirectories: true)
        var expected: [String: HostileExpectation] = [:]
        for (k, item) in cases.enumerated() {
            let relative = (k % 3 == 0 ? "nested/deeper/" : k % 3 == 1 ? "nested/" : "") + item.name
            expected[folder.path + "/" + relative] = item.expected
            _ = try folder.write(relative, item.bytes)
        }
        _ = try folder.write("README.md", Array("# A model\n\nThe quick brown fox.\n".utf8))
        _ = try folder.write(".hidden.pkl", HostileFiles.systemCall())
        expected[folder.path + "/.hidden.pkl"] = .unsafe
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/outside.bin", withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/inside.bin", withDestinationPath: "nested/deeper/" + cases[0].name)
        let result = try CLITests.run(["scan", folder.path, "--format", "json"])
        #expect(result.status == 1)
        let files = try #require(try JSONParser.parse(bytes: result.stdoutBytes).objectValue?["files"]?.arrayValue?.compactMap(\.objectValue))
        var verdicts: [String: String] = [:]
        for file in files {
            verdicts[file["path"]?.stringValue ?? ""] = file["verdict"]?.stringValue
        }
        for (path, expectation) in expected {
            let verdict = verdicts[path]
            switch expectation {
            case .unsafe: #expect(verdict == "unsafe", "\(path): \(verdict ?? "missing")")
            case .notSafe: #expect(verdict == "unsafe" || verdict == "unknown", "\(path)")
            case .safe: #expect(verdict == "safe", "\(path): \(verdict ?? "missing")")
            }
        }
        #expect(verdicts[folder.path + "/README.md"] == "no-pickle")
        #expect(verdicts[folder.path + "/outside.bin"] == "skipped")
        #expect(verdicts[folder.path + "/inside.bin"] == verdicts[folder.path + "/nested/deeper/" + cases[0].name])
    }

    /// Globals and file names that hold control characters, bidi overrides and workflow commands.
    @Test func hostileNamesCannotSteerTheOutput() throws {
        let folder = try ScratchFolder("scan-names")
        defer { folder.remove() }
        var p = PickleBytes(proto: 4)
        p.shortText("os\r\n::error title=forged::pwned"); p.shortText("system\u{1b}[2J\u{202e}"); p.op(.stackGlobal)
        p.op(.emptyTuple); p.op(.reduce); p.stop()
        let name = "evil\u{1b}]0;title\u{07}\r\n::warning::x,y:z.pkl"
        _ = try folder.write(name, p.bytes)
        let github = try CLITests.run(["scan", folder.path, "--format", "github"])
        #expect(github.status == 1)
        let lines = github.stdoutBytes.split(separator: 0x0a)
        #expect(lines.count == 1)
        #expect(lines.allSatisfy { $0.starts(with: Array("::error file=".utf8)) })
        #expect(!github.stdoutBytes.contains(0x0d))
        // The message (what the pickle holds) carries no control byte; the file property names the file exactly.
        let message = try #require(lines.first.flatMap { line in line.indices.dropFirst(2).first { line[$0] == 0x3a && line[$0 + 1] == 0x3a } }
            .map { lines[0][($0 + 2)...] })
        #expect(!message.contains(0x1b) && !message.contains(0x0d))
        let text = try CLITests.run(["scan", folder.path])
        let forbidden: Set<UInt32> = [0x0d, 0x1b, 0x07, 0x202e]
        #expect(!text.stdout.unicodeScalars.contains { forbidden.contains($0.value) })
        let json = try CLITests.run(["scan", folder.path, "--format", "json"])
        #expect((try? JSONParser.parse(bytes: json.stdoutBytes)) != nil)
        let sarif = try CLITests.run(["scan", folder.path, "--format", "sarif"])
        #expect((try? JSONParser.parse(bytes: sarif.stdoutBytes)) != nil)
    }
}
