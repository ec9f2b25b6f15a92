import NIOCore
import Testing
@testable import UploadServer

@Suite("MultipartFeed: the form's parts, the header cap, the end of the body")
struct MultipartFeedTests {
    /// Feeds `bytes` in chunks of `chunk` and returns the fields' texts and the file's bytes.
    private func parse(_ bytes: [UInt8], chunk: Int) throws -> (parts: [String: [UInt8]], starts: Int) {
        let feed = MultipartFeed(boundary: MultipartBody.boundary)
        var parts: [String: [UInt8]] = [:]
        var current = ""
        var starts = 0
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            for event in try feed.feed(ByteBuffer(bytes: bytes[offset..<end])) {
                switch event {
                case .partStart(let headers):
                    starts += 1
                    let disposition = HeaderParameters(headers.first { $0.name.lowercased() == "content-disposition" }?.value ?? "")
                    current = disposition["name"] ?? ""
                    parts[current] = []
                case .body(let buffer):
                    parts[current, default: []] += buffer.readableBytesView
                case .partEnd:
                    current = ""
                }
            }
            offset = end
        }
        try feed.finish()
        return (parts, starts)
    }

    @Test("a form arrives whole in any chunking, CR and LF bytes in the file included", arguments: [1, 7, 1000, 1 << 20])
    func chunking(chunk: Int) throws {
        let file: [UInt8] = (0..<5000).map { UInt8(truncatingIfNeeded: $0 * 31) } + Array("\r\n--\r\n-".utf8)
        let body = MultipartBody.upload(versionID: "7", fileName: "m.onnx", file)
        let (parts, starts) = try parse(body.bytes, chunk: chunk)
        #expect(starts == 3)
        #expect(parts["name"] == Array("vad".utf8))
        #expect(parts["version_id"] == Array("7".utf8))
        #expect(parts["model_file"] == file)
    }

    @Test("a body cut anywhere before the closing boundary is truncated")
    func truncated() throws {
        let body = MultipartBody.upload(fileName: "m.onnx", Array(repeating: 0x41, count: 300)).bytes
        for cut in [10, 60, 150, body.count - 40, body.count - 5, body.count - 4] {
            #expect(throws: APIFailure.self) { try parse(Array(body[..<cut]), chunk: 64) }
            do { _ = try parse(Array(body[..<cut]), chunk: 64) } catch let failure as APIFailure {
                #expect([FailureCode.truncatedBody, .badBoundary].contains(failure.code), "cut at \(cut)")
            }
        }
        // Without the trailing CRLF after the closing boundary it is still complete.
        _ = try parse(Array(body.dropLast(2)), chunk: 64)
    }

    @Test("part headers over 16 KiB are refused, wherever the part starts", arguments: [1024, 1 << 20])
    func headerCap(chunk: Int) throws {
        var body = MultipartBody()
        body.field("name", "vad")
        body.part(headers: "Content-Disposition: form-data; name=\"model_file\"; filename=\"m.onnx\"\r\nX-Pad: " + String(repeating: "a", count: 17 * 1024), [1, 2, 3])
        body.close()
        do {
            _ = try parse(body.bytes, chunk: chunk)
            Issue.record("accepted")
        } catch let failure as APIFailure {
            #expect(failure.code == .partHeadersTooLarge)
        }
        // 15 KiB of headers pass.
        var fine = MultipartBody()
        fine.part(headers: "Content-Disposition: form-data; name=\"name\"\r\nX-Pad: " + String(repeating: "a", count: 15 * 1024), Array("vad".utf8))
        fine.close()
        _ = try parse(fine.bytes, chunk: chunk)
    }

    @Test("a body without the boundary is bad_boundary, and a line that never ends is capped")
    func badBoundary() throws {
        for bytes in [Array("no boundary here".utf8), Array(repeating: UInt8(ascii: "x"), count: 40_000)] {
            do {
                _ = try parse(bytes, chunk: 4096)
                Issue.record("accepted")
            } catch let failure as APIFailure {
                #expect(failure.code == .badBoundary)
            }
        }
        var endless = Array("--\(MultipartBody.boundary)\r\nContent-Disposition: form-data; name=\"a".utf8)
        endless += Array(repeating: UInt8(ascii: "a"), count: 40_000)
        do {
            _ = try parse(endless, chunk: 100_000)
            Issue.record("accepted")
        } catch let failure as APIFailure {
            #expect(failure.code == .partHeadersTooLarge)
        }
    }

    @Test("the boundary comes from the Content-Type")
    func boundary() throws {
        #expect(try FormBoundary.of(contentType: "multipart/form-data; boundary=abc") == "abc")
        #expect(try FormBoundary.of(contentType: "Multipart/Form-Data; charset=utf-8; boundary=\"a b;c\"") == "a b;c")
        for bad in [nil, "application/json", "multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=" + String(repeating: "b", count: 71)] {
            #expect(throws: APIFailure.self) { try FormBoundary.of(contentType: bad) }
        }
    }

    @Test("Content-Disposition parameters: quoted, escaped, and RFC 8187 file names")
    func disposition() {
        let plain = HeaderParameters(#"form-data; name="model_file"; filename="my \"vad\".onnx""#)
        #expect(plain.token == "form-data")
        #expect(plain["name"] == "model_file")
        #expect(plain["filename"] == #"my "vad".onnx"#)
        let extended = HeaderParameters("form-data; name=model_file; filename=\"x.onnx\"; filename*=UTF-8''v%C3%A4d.onnx")
        #expect(extended["filename"] == "väd.onnx")
    }
}
