import Foundation
import ModelArtifact
import Testing
import TestSupport
@testable import SynapCommands

/// Output that a hostile file cannot steer: names holding every character U+0000–U+00FF, CR LF,
/// ESC sequences, C1 controls, bidi overrides and isolates, workflow-command look-alikes, invalid
/// UTF-8, and very long names, through inspect, validate, detect and checksum in every format.
/// JSON and SARIF parse, every GitHub finding is one line, and the text views print no control
/// character that came from a file.
@Suite struct HostileTextTests {
    /// Every character U+0000–U+00FF, in order.
    static let everyLatin1 = String(String.UnicodeScalarView((0...0xff).map { Unicode.Scalar(UInt8($0)) }))

    static let hostile = [
        everyLatin1, "crlf\r\nname", "lf\nname", "cr\rname", "esc\u{1b}[31mred\u{1b}[0m", "osc\u{1b}]0;pwned\u{07}",
        "clear\u{1b}[2J\u{1b}[H", "csi\u{9b}2J", "nel\u{85}", "del\u{7f}", "bidi\u{202e}txt.exe", "isolate\u{2066}x\u{2069}",
        "marks\u{200e}\u{200f}\u{61c}", "seps\u{2028}\u{2029}", "::error file=x::pwned", "a%0A::warning::b",
        "x\n::set-output name=a::b", "comma,colon:percent%", String(repeating: "long", count: 300),
    ]

    /// A folder and a file name that carry hostile text themselves (valid UTF-8, so they survive
    /// the command line).
    static let folderName = "dir\u{1b}[2J\r\n::error::x,y:%\u{202e}"
    static let fileName = "m\u{1b}[31m\r\n%,:\u{2067}.safetensors"

    /// Characters no text view may print (`\n` aside, which ends lines): C0, DEL, C1, bidi
    /// embeddings, overrides, isolates and marks, line and paragraph separators.
    static func isForbidden(_ v: UInt32) -> Bool {
        (v < 0x20 && v != 0x0a) || (0x7f...0x9f).contains(v) || (0x202a...0x202e).contains(v) || (0x2066...0x2069).contains(v)
            || [0x200e, 0x200f, 0x061c, 0x2028, 0x2029].contains(v)
    }

    /// The output is valid UTF-8 and holds no forbidden character.
    static func expectClean(_ bytes: [UInt8], _ what: String) {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            Issue.record("\(what): not UTF-8")
            return
        }
        let bad = text.unicodeScalars.filter { isForbidden($0.value) }
        #expect(bad.isEmpty, "\(what): raw \(bad.map { String($0.value, radix: 16) })")
    }

    /// A safetensors file whose tensor names and metadata are the hostile strings.
    static func hostileSafetensors(at path: String) throws {
        var header = JSONObject()
        var metadata = JSONObject()
        for (i, text) in hostile.enumerated() { metadata.append("key\(i)\(text)", .string(text)) }
        header.append("__metadata__", .object(metadata))
        for (i, name) in hostile.enumerated() {
            header.append(name, .object(["dtype": .string("U8"), "shape": .array([.int(1)]),
                                         "data_offsets": .array([.int(Int64(i)), .int(Int64(i + 1))])]))
        }
        var json = JSONWriter.bytes(.object(header), style: .compact)
        while json.count % 8 != 0 { json.append(0x20) }
        let length = (0..<8).map { UInt8(truncatingIfNeeded: json.count >> (8 * $0)) }
        try Data(length + json + [UInt8](repeating: 1, count: hostile.count)).write(to: URL(fileURLWithPath: path))
    }

    func hostileFile(_ scratch: ScratchFolder) throws -> String {
        let folder = scratch.path + "/" + Self.folderName
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + Self.fileName
        try Self.hostileSafetensors(at: path)
        return path
    }

    @Test func inspectInEveryForm() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let path = try hostileFile(scratch)
        let text = try CLITests.run(["inspect", path, "--tensors"])
        #expect(text.status == 0)
        Self.expectClean(text.stdoutBytes, "inspect text")
        Self.expectClean(text.stderrBytes, "inspect stderr")
        #expect(text.stdout.contains("esc\\x1b[31mred\\x1b[0m"))
        #expect(text.stdout.contains("bidi\\u{202e}txt.exe"))
        #expect(text.stdout.contains("crlf\\r\\nname"))
        #expect(text.stdout.contains("…"))
        #expect(!text.stdout.contains(String(repeating: "long", count: 60)))
        let json = try CLITests.run(["inspect", path, "--json"])
        let report = try #require(JSONParser.parse(bytes: json.stdoutBytes).objectValue)
        #expect(report["path"] == .string(path))
        #expect(Set(report["tensors"]?.arrayValue?.compactMap { $0.objectValue?["name"]?.stringValue } ?? []) == Set(Self.hostile))
        #expect(report["metadata"]?.objectValue?.map(\.value) == Self.hostile.map { .string($0) })
    }

    @Test func validateInEveryFormat() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let path = try hostileFile(scratch)
        let arguments = ["validate", path, "--arch", "llama3.1-8b", "--format"]
        let json = try CLITests.run(arguments + ["json"])
        let findings = try #require(JSONParser.parse(bytes: json.stdoutBytes).objectValue?["findings"]?.arrayValue)
        #expect(!findings.isEmpty)
        let sarif = try CLITests.run(arguments + ["sarif"])
        let results = try JSONParser.parse(bytes: sarif.stdoutBytes).objectValue?["runs"]?.arrayValue?.first?.objectValue?["results"]
        #expect(results?.arrayValue?.count == findings.count)
        let text = try CLITests.run(arguments + ["text"])
        Self.expectClean(text.stdoutBytes, "validate text")
        // GitHub: one line per finding, then the summary; no CR anywhere; the file property reads back.
        let github = try CLITests.run(arguments + ["github"])
        #expect(!github.stdoutBytes.contains(0x0d))
        let lines = github.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == findings.count + 1)
        for line in lines.dropLast() {
            #expect(line.hasPrefix("::error file=") || line.hasPrefix("::warning file=") || line.hasPrefix("::notice file="))
            let properties = line.dropFirst(2).split(separator: "::", maxSplits: 1)[0].split(separator: " ", maxSplits: 1)[1]
            let pairs = properties.split(separator: ",").map { $0.split(separator: "=", maxSplits: 1) }
            #expect(pairs.map { String($0[0]) } == ["file", "title"])
            #expect(Self.unescape(String(pairs[0][1])) == path)
        }
        #expect(lines.last?.hasPrefix("synap-tool validate: ") == true)
        Self.expectClean(Array(lines.last.map { Array($0.utf8) } ?? []), "summary line")
    }

    /// What the Actions runner does to a property value.
    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%0A", with: "\n")
            .replacingOccurrences(of: "%3A", with: ":").replacingOccurrences(of: "%2C", with: ",")
            .replacingOccurrences(of: "%25", with: "%")
    }

    /// A ZIP whose entry names hold every byte 0x01–0xFF (but `/`), as invalid UTF-8 and as CP437,
    /// and the hostile strings as UTF-8.
    static func hostileZip() -> [UInt8] {
        var zip = TestZip()
        let bytes = (1...0xff).map(UInt8.init).filter { $0 != 0x2f }
        zip.add(rawName: bytes, [1], utf8: true)
        zip.add(rawName: bytes + [0x41], [2], utf8: false)
        zip.add(rawName: [0x61, 0xc3, 0x28, 0xff, 0xfe, 0x0d, 0x0a, 0x1b, 0x5b, 0x32, 0x4a], [3], utf8: true)
        for (i, name) in hostile.enumerated() { zip.add(name, [UInt8(i)]) }
        return zip.bytes
    }

    @Test func detectAndInspectAZipOfHostileNames() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let path = try scratch.write("names.zip", Self.hostileZip())
        for command in [["detect", path], ["inspect", path]] {
            let text = try CLITests.run(command)
            Self.expectClean(text.stdoutBytes, "\(command[0]) text")
            Self.expectClean(text.stderrBytes, "\(command[0]) stderr")
            let json = try CLITests.run(command + ["--json"])
            #expect(json.status == text.status)
            if json.status != 3 {
                #expect(throws: Never.self, "\(command[0]) --json") { try JSONParser.parse(bytes: json.stdoutBytes) }
            }
        }
        let detected = try CLITests.run(["detect", path])
        #expect(detected.stdout.contains("\\x01\\x02"))
    }

    @Test func errorsAreOneCleanLine() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let path = try hostileFile(scratch)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes.removeLast(3)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        for command in [["inspect", path], ["detect", path + "-absent"], ["validate", path, "--arch", "auto"]] {
            let result = try CLITests.run(command)
            #expect(result.status == 3)
            #expect(result.stderrBytes.filter { $0 == 0x0a }.count == 1, "\(command[0])")
            Self.expectClean(result.stderrBytes, "\(command[0]) error")
        }
    }

    /// sha256sum lines escape names as coreutils does (`\\`, `\n`, `\r`, the line starting with `\`):
    /// one line per file, and both `sha256sum -c` and `checksum --check` read the manifest back.
    @Test func checksumManifestsOfHostileNames() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let names = ["a\r\nb", "c\u{1b}[31md", "e\\f", "g\nh", "i\rj", "plain"]
        try FileManager.default.createDirectory(atPath: scratch.path + "/ck", withIntermediateDirectories: true)
        for (i, name) in names.enumerated() { try scratch.write("ck/" + name, [UInt8(i)]) }
        let listed = try CLITests.run(["checksum", "ck"], in: scratch.path)
        #expect(listed.status == 0)
        #expect(listed.stdoutBytes.filter { $0 == 0x0a }.count == names.count)
        #expect(!listed.stdoutBytes.contains(0x0d))
        try Data(listed.stdoutBytes).write(to: URL(fileURLWithPath: scratch.path + "/ck.sha256"))
        let checked = try CLITests.run(["checksum", "--check", "ck.sha256"], in: scratch.path)
        #expect(checked.status == 0)
        #expect(checked.stdoutBytes.filter { $0 == 0x0a }.count == names.count)
        #expect(checked.stdout.contains("\\ck/a\\r\\nb: OK"))
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/sha256sum") {
            #expect(try ChecksumCLITests.coreutils(["sha256sum", "-c", "ck.sha256"], in: scratch.path).status == 0)
            #expect(try ChecksumCLITests.coreutils(["sha256sum", "ck/a\r\nb"], in: scratch.path).out
                == listed.stdout.split(separator: "\n").first { $0.hasSuffix("ck/a\\r\\nb") }.map { $0 + "\n" })
        }
        let tagged = try CLITests.run(["checksum", "--algorithm", "sha256", "--algorithm", "md5", "ck/g\nh"], in: scratch.path)
        #expect(tagged.stdout.hasPrefix("\\SHA256 (ck/g\\nh) = "))
    }
}

/// The escapers themselves.
@Suite struct EscaperTests {
    @Test func workflowCommandsEscapeByScalars() {
        #expect(WorkflowCommand.data("a\r\nb%c:d,e") == "a%0D%0Ab%25c:d,e")
        #expect(WorkflowCommand.property("a\r\nb%c:d,e") == "a%0D%0Ab%25c%3Ad%2Ce")
        #expect(WorkflowCommand.line(level: .error, file: "x,title=y::z\n::warning::w", title: "T1 a:b", message: "m\r\n::error::n")
            == "::error file=x%2Ctitle=y%3A%3Az%0A%3A%3Awarning%3A%3Aw,title=T1 a%3Ab::m%0D%0A::error::n")
        #expect(WorkflowCommand.line(level: .notice, file: nil, title: nil, message: "ok") == "::notice::ok")
    }

    @Test func terminalTextEscapesEveryUnsafeCharacter() {
        #expect(TerminalText.clean("a\u{1b}[31mb\r\n\t\u{0}\u{7f}\u{85}\u{9b}") == "a\\x1b[31mb\\r\\n\\t\\x00\\x7f\\x85\\x9b")
        #expect(TerminalText.clean("\u{202e}\u{2066}\u{2069}\u{200e}\u{200f}\u{61c}\u{2028}\u{feff}\u{e0041}")
            == "\\u{202e}\\u{2066}\\u{2069}\\u{200e}\\u{200f}\\u{61c}\\u{2028}\\u{feff}\\u{e0041}")
        // Left alone: ordinary text, emoji joined by ZWJ, accents.
        for plain in ["model.layers.0.weight", "👩‍💻", "café", "名前", "a\\b"] { #expect(TerminalText.clean(plain) == plain) }
        // Cut with a mark, never inside an escape, and idempotent.
        let long = String(repeating: "x", count: 199) + "\u{1b}yz"
        let cut = TerminalText.clean(long)
        #expect(cut == String(repeating: "x", count: 199) + "…")
        #expect(TerminalText.clean(String(repeating: "y", count: 200)) == String(repeating: "y", count: 200))
        #expect(TerminalText.clean(String(repeating: "y", count: 201)).unicodeScalars.count == 200)
        for text in HostileTextTests.hostile { #expect(TerminalText.clean(TerminalText.clean(text)) == TerminalText.clean(text)) }
    }

    @Test func checksumLinesEscapeAsCoreutils() {
        #expect(ChecksumOutput.digestLine("ab", "x/y") == "ab  x/y")
        #expect(ChecksumOutput.digestLine("ab", "a\r\nb\\c") == "\\ab  a\\r\\nb\\\\c")
    }
}
