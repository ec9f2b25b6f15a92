import Foundation
import Testing
import TestSupport
@testable import UploadServer

/// The built `synap-server serve` (beside this test binary) as a process of its own.
final class ServerProcess: @unchecked Sendable {
    let process: Process
    let port: Int

    /// Starts `serve --port 0 --data DIR` and waits for the URL it prints.
    static func start(data: String) async throws -> ServerProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("synap-server")
        process.arguments = ["serve", "--port", "0", "--data", data]
        let output = Pipe()
        process.standardOutput = output
        // The log goes to a file in the data folder, so a server that fails to start says why.
        let logPath = data + "/server-test.log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: logPath)
        try process.run()
        let reader = output.fileHandleForReading
        let (port, printed): (Int?, String) = await offThePool {
            var printed = ""
            while true {
                let chunk = reader.availableData
                guard !chunk.isEmpty else { return (nil, printed) }
                printed += String(decoding: chunk, as: UTF8.self)
                if let url = printed.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                    return (Int(printed[url].split(separator: ":").last ?? ""), printed)
                }
            }
        }
        guard let port else {
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw ServerStartFailure(output: printed + log)
        }
        return ServerProcess(process: process, port: port)
    }

    private init(process: Process, port: Int) {
        self.process = process
        self.port = port
    }

    /// Sends `signal` and waits for the process to end; its exit status.
    @discardableResult
    func stop(_ signal: Int32) async -> Int32 {
        kill(process.processIdentifier, signal)
        return await exitStatus()
    }

    /// Waits for the process to end; its exit status.
    func exitStatus() async -> Int32 {
        await offThePool {
            self.process.waitUntilExit()
            return self.process.terminationStatus
        }
    }
}

/// The server process ended before it printed its URL; what it printed says why.
struct ServerStartFailure: Error, CustomStringConvertible {
    let output: String
    var description: String { "synap-server exited before listening: \(output)" }
}

@Suite("The server as a process: SIGKILL mid-upload leaves nothing after a restart; SIGTERM lets an upload finish")
struct ServerProcessTests {
    /// One whole upload on a raw connection; the answer.
    private func upload(port: Int, token: String, _ body: [UInt8]) async throws -> RawResponse? {
        let connection = try RawConnection(port: port)
        await connection.send(RawConnection.uploadHead(token: token, length: body.count))
        await connection.send(body)
        return RawResponse(await connection.readToEnd())
    }

    private func files(_ folder: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    }

    @Test("a restart after SIGKILL mid-upload removes the temporary file and artifacts without a row, and keeps the rest")
    func killMidUpload() async throws {
        let data = try ScratchFolder("synap-process")
        defer { data.remove() }
        let first = try await ServerProcess.start(data: data.path)
        let keys = try await TokenKeys.load(.generatedSecret, dataFolder: data.path, create: false)
        let token = try await keys.sign(projects: [12], lifetime: TimeSpan(seconds: 120))
        let onnx = try TestFiles.fixture("onnx/tiny.onnx")
        #expect(try await upload(port: first.port, token: token, MultipartBody.upload(fileName: "tiny.onnx", onnx).bytes)?.status == 201)

        let big = ServerLimitsTests.bigONNX(payload: 1 << 20)
        let start = ServerLimitsTests.formStart(fileName: "big.onnx")
        let midway = try RawConnection(port: first.port)
        await midway.send(RawConnection.uploadHead(token: token, length: start.count + big.count + 200))
        await midway.send(start + big.prefix(300_000))
        let incoming = data.path + "/artifacts/.incoming"
        for _ in 0..<100 where files(incoming).isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        #expect(files(incoming).count == 1)
        await first.stop(SIGKILL)
        #expect(files(incoming).count == 1, "SIGKILL leaves the temporary file")
        // A crash between commit and row leaves an artifact no row names.
        try data.write("artifacts/12/00000000-0000-0000-0000-000000000000.onnx", onnx)

        let second = try await ServerProcess.start(data: data.path)
        #expect(files(incoming).isEmpty)
        #expect(files(data.path + "/artifacts/12").count == 1)
        let list = try RawConnection(port: second.port)
        await list.send("GET /ml/projects/12/models HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\nConnection: close\r\n\r\n")
        let answer = try #require(RawResponse(await list.readToEnd()))
        let meta = (try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any])?["meta"] as? [String: Any]
        #expect(meta?["total"] as? Int == 1)
        #expect(await second.stop(SIGTERM) == 0)
    }

    @Test("SIGTERM: new connections are refused, the upload in flight finishes with 201, the server exits 0")
    func gracefulShutdown() async throws {
        let data = try ScratchFolder("synap-process")
        defer { data.remove() }
        let server = try await ServerProcess.start(data: data.path)
        let keys = try await TokenKeys.load(.generatedSecret, dataFolder: data.path, create: false)
        let token = try await keys.sign(projects: [12], lifetime: TimeSpan(seconds: 120))
        let body = MultipartBody.upload(fileName: "state_dict.pt", try TestFiles.fixture("pytorch/state_dict.pt")).bytes
        let inFlight = try RawConnection(port: server.port)
        await inFlight.send(RawConnection.uploadHead(token: token, length: body.count))
        await inFlight.send(Array(body.prefix(1000)))
        try await Task.sleep(for: .milliseconds(200))
        kill(server.process.processIdentifier, SIGTERM)
        try await Task.sleep(for: .milliseconds(300))
        #expect(throws: (any Error).self) { _ = try RawConnection(port: server.port) }
        await inFlight.send(Array(body.dropFirst(1000)))
        let answer = try #require(RawResponse(await inFlight.readToEnd()))
        #expect(answer.status == 201)
        #expect(await server.exitStatus() == 0)
        #expect(files(data.path + "/artifacts/12").count == 1)
    }
}
