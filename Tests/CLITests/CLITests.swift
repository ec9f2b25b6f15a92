import Foundation
import ModelArtifact
import Testing
import TestSupport

/// The `synap-tool` binary end to end: output, JSON and exit codes.
@Suite struct CLITests {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
        /// The bytes as written, before any decoding.
        var stdoutBytes: [UInt8] = []
        var stderrBytes: [UInt8] = []
    }

    /// Runs the built `synap-tool` (beside this test binary) with `arguments`, optional stdin, in `folder` (or here).
    /// `environment` adds to (or replaces) the test process's variables.
    static func run(_ arguments: [String], stdin: Data? = nil, in folder: String? = nil,
                    environment: [String: String] = [:]) throws -> Run {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("synap-tool")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self), stdoutBytes: [UInt8](outData), stderrBytes: [UInt8](errData))
    }

    @Test func inspectJSONIsTheSchema() throws {
        let result = try Self.run(["inspect", Fixtures.path("safetensors/tiny.safetensors"), "--json"])
        #expect(result.status == 0)
        let value = try JSONParser.parse(bytes: Array(result.stdout.utf8))
        let report = try #require(value.objectValue)
        #expect(report["schema"] == .string("synap-tool.report/1"))
        #expect(report["format"] == .string("safetensors"))
        #expect(report["tensor_count"] == .int(16))
        #expect(Array(report.keys.prefix(4)) == ["schema", "path", "format", "size"])
    }

    @Test func inspectHumanViewSummarises() throws {
        let result = try Self.run(["inspect", Fixtures.path("checkpoint/tiny-llama"), "--limit", "3"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("hf-checkpoint"))
        #expect(result.stdout.contains("5.71 K parameters"))
        #expect(result.stdout.contains("… 18 more"))
        #expect(result.stdout.contains("BF16"))
    }

    @Test func findingsSetExitCodeOne() throws {
        let result = try Self.run(["inspect", Fixtures.path("checkpoint/broken-index"), "--json"])
        #expect(result.status == 1)
        let lenient = try Self.run(["inspect", Fixtures.path("checkpoint/broken-index"), "--fail-on", "never"])
        #expect(lenient.status == 0)
    }

    @Test func malformedInputIsExitThreeWithOneLine() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.path("safetensors/tiny.safetensors"))))
        bytes.removeLast(3)
        let bad = try scratch.write("bad.safetensors", bytes)
        let result = try Self.run(["inspect", bad])
        #expect(result.status == 3)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(result.stderr.contains("bad.safetensors@0x"))
        #expect(result.stderr.contains("safetensors-data-past-end"))
    }

    @Test func usageErrorsAreExitTwo() throws {
        #expect(try Self.run(["inspect"]).status == 2)
        #expect(try Self.run(["frobnicate"]).status == 2)
        #expect(try Self.run(["inspect", "x", "--limit", "-1"]).status == 2)
        #expect(try Self.run(["--help"]).status == 0)
    }

    @Test func detectFilesAndStdin() throws {
        let result = try Self.run(["detect", Fixtures.path("onnx/tiny.onnx"), Fixtures.path("misc/notebook.nb"), "--json"])
        #expect(result.status == 1 || result.status == 0)
        let value = try JSONParser.parse(bytes: Array(result.stdout.utf8))
        let items = try #require(value.arrayValue)
        #expect(items.map { $0.objectValue?["format"] } == [.string("onnx"), .string("unknown")])
        let onnx = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("onnx/tiny.onnx")))
        let piped = try Self.run(["detect", "-"], stdin: onnx)
        #expect(piped.status == 0)
        #expect(piped.stdout.contains("onnx (certain)"))
        let unreadable = try Self.run(["detect", "/nonexistent"])
        #expect(unreadable.status == 3)
    }
}
