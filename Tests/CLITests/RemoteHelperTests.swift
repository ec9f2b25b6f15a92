import Foundation
import Testing
import TestSupport

/// synap-tool links no network stack: a command with a remote input goes whole to
/// synap-tool-remote beside it, and only such a command needs it.
@Suite struct RemoteHelperTests {
    /// synap-tool copied alone into a folder of its own.
    private func lone(_ scratch: ScratchFolder) throws -> String {
        let built = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("synap-tool").path
        let copy = scratch.path + "/synap-tool"
        try FileManager.default.copyItem(atPath: built, toPath: copy)
        return copy
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ["HOME": "/nonexistent", "PATH": "/usr/bin:/bin"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    @Test func aRemoteInputWithoutTheHelperIsAClearErrorAndLocalRunsNeedNone() throws {
        let scratch = try ScratchFolder("cli-remote-helper")
        defer { scratch.remove() }
        let tool = try lone(scratch)
        let remote = try run(tool, ["inspect", "s3://bucket/model.onnx"])
        #expect(remote.status == 3 && remote.stderr.contains("remote-helper-missing") && remote.stderr.contains("synap-tool-remote"))
        let local = try run(tool, ["inspect", Fixtures.path("onnx/tiny.onnx")])
        #expect(local.status == 0)
        // An s3:// text that is no input (the weight URI to record) needs no helper.
        let folder = try writeCheckpoint("gpt-oss-20b", in: scratch, shards: 3, firstShard: 0)
        let record = try run(tool, ["record", "cerebras", folder, "--arch", "gpt-oss-20b", "--weight-uri", "s3://b/w"])
        #expect(record.status == 0, "\(record.stderr)")
    }

    @Test func theHelperRunsTheWholeCommandWithTheSameArguments() throws {
        // Both binaries built side by side: a remote input's error comes from the helper (it read the
        // settings), with the command's own exit code.
        let result = try CLITests.run(["inspect", "s3://bucket/model.onnx"], environment: ["AWS_ACCESS_KEY_ID": "", "HOME": "/nonexistent"])
        #expect(result.status == 3 && result.stderr.contains("remote-no-credentials"))
    }
}
