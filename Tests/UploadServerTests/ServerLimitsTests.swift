import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TestSupport
@testable import UploadServer

@Suite("Limits and hostile clients: the early close, the size cap, the upload slots, disconnects, concurrency")
struct ServerLimitsTests {
    /// An ONNX model whose one initializer holds `payload` zero bytes: it passes the gate, and is
    /// long enough to be cut mid-stream.
    static func bigONNX(payload: Int) -> [UInt8] {
        ProtoWriter.build { model in
            model.int(1, 8)
            model.message(7) { graph in
                graph.string(2, "g")
                graph.message(5) { tensor in
                    tensor.packed(1, [Int64(payload / 4)])
                    tensor.int(2, 1)
                    tensor.string(8, "w")
                    tensor.bytes(9, [UInt8](repeating: 0, count: payload))
                }
            }
            model.message(8) { opset in opset.int(2, 17) }
        }
    }

    /// The form up to the file's first bytes, for a raw connection.
    static func formStart(fileName: String) -> [UInt8] {
        var body = MultipartBody()
        body.field("name", "vad")
        return body.bytes + Array("--\(MultipartBody.boundary)\r\nContent-Disposition: form-data; name=\"model_file\"; filename=\"\(fileName)\"\r\n\r\n".utf8)
    }

    @Test("the gate answers after 64 KiB and closes the connection: the rest of a 10 MB body is never read")
    func earlyClose() async throws {
        try await ServerHarness.run { server, client in
            let connection = try RawConnection(port: client.port!)
            let start = Self.formStart(fileName: "junk.onnx")
            let declared = start.count + 10_000_000
            await connection.send(RawConnection.uploadHead(token: try await server.token(), length: declared))
            await connection.send(start)
            // Keep sending junk until the server stops taking it (at most the declared length).
            var sent = start.count
            let chunk = [UInt8](repeating: 0x5a, count: 16 * 1024)
            while sent + chunk.count <= declared, await connection.send(chunk) { sent += chunk.count }
            let response = try #require(RawResponse(await connection.readToEnd()))
            #expect(response.status == 400)
            #expect(response.errorCode == "unsupported_format")
            #expect(response.headers["connection"] == "close")
            #expect(sent < declared, "the server kept reading the whole body")
            let read = try #require(Self.bytesReceived(server))
            // The form, the file's first 64 KiB, and at most one read (64 KiB) more.
            #expect(read <= Int64(start.count + UploadGate.prefixLength + 64 * 1024), "read \(read) bytes")
            print("gate: \(read) body bytes read before the 400 (form \(start.count) + file prefix \(UploadGate.prefixLength))")
            #expect(server.storedFiles() == ([], []))
        }
    }

    /// `synap_upload_bytes_received_total` from the server's metrics.
    static func bytesReceived(_ server: ServerHarness) -> Int64? {
        let text = String(decoding: server.metrics.exposition(), as: UTF8.self)
        return text.split(separator: "\n").first { $0.hasPrefix("synap_upload_bytes_received_total ") }
            .flatMap { Int64($0.split(separator: " ").last ?? "") }
    }

    @Test("--max-upload-size: 413 from Content-Length before reading, and from a chunked body as it passes the cap")
    func tooLarge() async throws {
        let onnx = try TestFiles.fixture("onnx/features.onnx")
        try await ServerHarness.run({ $0.maxUploadSize = ByteSize(bytes: 1000) }) { server, client in
            let declared = try await server.upload(client, body: .upload(fileName: "features.onnx", onnx))
            #expect(declared.status == .contentTooLarge)
            #expect(declared.errorCode == "too_large")

            let connection = try RawConnection(port: client.port!)
            await connection.send(RawConnection.uploadHead(token: try await server.token(), length: nil))
            let body = MultipartBody.upload(fileName: "features.onnx", onnx).bytes
            for offset in stride(from: 0, to: body.count, by: 500) {
                let piece = body[offset..<min(body.count, offset + 500)]
                guard await connection.send(String(piece.count, radix: 16) + "\r\n"), await connection.send(Array(piece)), await connection.send("\r\n") else { break }
            }
            await connection.send("0\r\n\r\n")
            let response = try #require(RawResponse(await connection.readToEnd()))
            #expect(response.status == 413)
            #expect(response.errorCode == "too_large")
            #expect(server.storedFiles() == ([], []))
            #expect(try await server.rowCount() == 0)
        }
    }

    @Test("beyond --max-concurrent-uploads: 503; a client that disconnects mid-upload leaves nothing")
    func slotsAndDisconnect() async throws {
        let big = Self.bigONNX(payload: 1 << 20)
        try await ServerHarness.run({ $0.maxConcurrentUploads = 1 }) { server, client in
            let slow = try RawConnection(port: client.port!)
            let start = Self.formStart(fileName: "big.onnx")
            await slow.send(RawConnection.uploadHead(token: try await server.token(), length: start.count + big.count + 200))
            await slow.send(start + big.prefix(300_000))
            // The first upload holds the slot and has a temporary object.
            var waited = 0
            while server.storedFiles().temporary.isEmpty, waited < 100 {
                try await Task.sleep(for: .milliseconds(50))
                waited += 1
            }
            #expect(server.storedFiles().temporary.count == 1)

            let busy = try await ServerHarness.fresh(client.port!, "/ml/projects/12/models/upload",
                                                     headers: try await server.headers(contentType: MultipartBody.contentType),
                                                     body: MultipartBody.upload(fileName: "tiny.onnx", try TestFiles.fixture("onnx/tiny.onnx")).buffer)
            #expect(busy.status == .serviceUnavailable)
            #expect(busy.errorCode == "busy")

            slow.abort()
            waited = 0
            while !server.storedFiles().temporary.isEmpty, waited < 100 {
                try await Task.sleep(for: .milliseconds(50))
                waited += 1
            }
            #expect(server.storedFiles() == ([], []))
            #expect(try await server.rowCount() == 0)
            // The slot is free again.
            let after = try await server.upload(client, body: .upload(fileName: "tiny.onnx", try TestFiles.fixture("onnx/tiny.onnx")))
            #expect(after.status == .created)
        }
    }

    @Test("32 uploads at once: all recorded, ids unique")
    func concurrency() async throws {
        let files = ["onnx/tiny.onnx", "pytorch/state_dict.pt", "tflite/quantized.tflite", "synap/two-subgraphs.synap"]
        let bodies = try files.map { relative in
            MultipartBody.upload(fileName: String(relative.split(separator: "/").last!), try TestFiles.fixture(relative))
        }
        try await ServerHarness.run({ $0.maxConcurrentUploads = 32 }) { server, client in
            let headers = try await server.headers(contentType: MultipartBody.contentType)
            let port = client.port!
            let ids = try await withThrowingTaskGroup(of: Int64?.self) { group in
                for index in 0..<32 {
                    group.addTask {
                        try await ServerHarness.fresh(port, "/ml/projects/12/models/upload", headers: headers,
                                                      body: bodies[index % bodies.count].buffer).data?["id"]?.intValue
                    }
                }
                return try await group.reduce(into: [Int64?]()) { $0.append($1) }
            }
            #expect(ids.count == 32)
            #expect(ids.allSatisfy { $0 != nil })
            #expect(Set(ids.compactMap { $0 }).count == 32)
            #expect(try await server.rowCount() == 32)
            #expect(server.storedFiles().artifacts.count == 32)
        }
    }
}

@Suite("Slow clients and Expect: 100-continue")
struct SlowClientTests {
    @Test("a body trickling in under the minimum rate is cut off with 408 too_slow")
    func trickle() async throws {
        try await ServerHarness.run({ $0.slowUploadWindow = .milliseconds(500) }) { server, client in
            let connection = try RawConnection(port: client.port!)
            let body = MultipartBody.upload(fileName: "tiny.onnx", try TestFiles.fixture("onnx/tiny.onnx")).bytes
            await connection.send(RawConnection.uploadHead(token: try await server.token(), length: body.count))
            // 20 bytes a second, against a minimum of 1 KiB a second over half-second windows.
            for byte in body.dropLast() {
                guard await connection.send([byte]) else { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            let response = try #require(RawResponse(await connection.readToEnd()))
            #expect(response.status == 408)
            #expect(response.errorCode == "too_slow")
            #expect(server.storedFiles() == ([], []))
        }
    }

    @Test("a request head trickling in is cut off at the head deadline, though each byte resets the idle timeout")
    func headTrickle() async throws {
        try await ServerHarness.run({ $0.requestHeadTimeout = .seconds(1) }) { _, client in
            let connection = try RawConnection(port: client.port!)
            #expect(await connection.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n"))
            // A header line every 50 ms, never the empty line that ends the head; at most 30 s.
            var lines = 0
            while lines < 600, await connection.send("X-Trickle: \(lines)\r\n") {
                try await Task.sleep(for: .milliseconds(50))
                lines += 1
            }
            #expect(lines < 600, "the server kept a connection whose head never ended")
            #expect(await connection.closedByServer())
        }
        // A head that arrives in time is served, and the deadline starts again for the next request.
        try await ServerHarness.run({ $0.requestHeadTimeout = .seconds(1) }) { _, client in
            let connection = try RawConnection(port: client.port!)
            #expect(await connection.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"))
            let first = await connection.readSome()
            #expect(String(decoding: first, as: UTF8.self).hasPrefix("HTTP/1.1 200"))
            #expect(await connection.closedByServer(), "an idle keep-alive connection is closed at the head deadline")
        }
    }

    @Test("Expect: 100-continue gets 100 Continue before the body is sent, then the answer")
    func expectContinue() async throws {
        try await ServerHarness.run { server, client in
            let connection = try RawConnection(port: client.port!)
            let body = MultipartBody.upload(fileName: "tiny.onnx", try TestFiles.fixture("onnx/tiny.onnx")).bytes
            var head = RawConnection.uploadHead(token: try await server.token(), length: body.count)
            head.insert(contentsOf: "Expect: 100-continue\r\n", at: head.index(before: head.endIndex))  // "\r\n" is one Character
            await connection.send(head)
            let interim = await connection.readSome()
            #expect(String(decoding: interim, as: UTF8.self).hasPrefix("HTTP/1.1 100 Continue\r\n"))
            await connection.send(body)
            let rest = await connection.readToEnd()
            let all = interim + rest
            let final = try #require(all.firstRange(of: Array("\r\n\r\nHTTP/1.1 ".utf8)).map { RawResponse(Array(all[($0.lowerBound + 4)...])) } ?? nil)
            #expect(final.status == 201)
        }
    }
}
