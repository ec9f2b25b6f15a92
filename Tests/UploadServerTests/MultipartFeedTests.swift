import NIOCore
import Testing
import TestSupport
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

    /// The failure code of parsing `bytes` in chunks of `chunk`, nil when it parses.
    private func failure(_ bytes: [UInt8], chunk: Int) -> FailureCode? {
        do {
            _ = try parse(bytes, chunk: chunk)
            return nil
        } catch let failure as APIFailure {
            return failure.code
        } catch {
            Issue.record("not an APIFailure: \(error)")
            return nil
        }
    }

    private let b = MultipartBody.boundary

    @Test("every byte of 0x80 or more in a header name is malformed_multipart, and allowed in a value (a UTF-8 file name)", arguments: [1, 4096])
    func highBytes(chunk: Int) throws {
        for byte in UInt8(0x80)...UInt8(0xFF) {
            let body = Array("--\(b)\r\nX".utf8) + [byte] + Array(": 1\r\n\r\nv\r\n--\(b)--\r\n".utf8)
            #expect(failure(body, chunk: chunk) == .malformedMultipart, "0x\(String(byte, radix: 16))")
        }
        // A header block that never ends is refused at its first bad name byte, not left to run out.
        let unended = Array("--\(b)\r\nContent-Type: x\r\n".utf8) + [0xC3, 0x9E, 0x24] + Array("--\(b)--\r\n".utf8)
        #expect(failure(unended, chunk: chunk) == .malformedMultipart)
        let body = MultipartBody.upload(fileName: "väd-模型.onnx", [1, 2, 3])
        let feed = MultipartFeed(boundary: b)
        let names = try feed.feed(body.buffer).compactMap { event -> String? in
            guard case .partStart(let headers) = event else { return nil }
            return HeaderParameters(headers[0].value)["filename"]
        }
        #expect(names == ["väd-模型.onnx"])
    }

    @Test("header lines that break RFC 7230: control bytes, no name, a folded line, a bare LF, invalid UTF-8")
    func badHeaderLines() {
        let lines: [[UInt8]] = [
            Array("Content-Disposition: form-data; name=\"a\"\u{00}".utf8),
            Array(": value".utf8),
            Array("Content-Disposition: form-data;\r\n name=\"a\"".utf8),
            Array("Content-Disposition: form-data; name=\"a\"\nX: y".utf8),
            Array("Content-Disposition: form-data; name=\"".utf8) + [0xFF, 0xFE] + Array("\"".utf8),
            Array("Bad Name: x".utf8),
        ]
        for line in lines {
            let body = Array("--\(b)\r\n".utf8) + line + Array("\r\n\r\nv\r\n--\(b)--\r\n".utf8)
            #expect(failure(body, chunk: 3) == .malformedMultipart, "\(String(decoding: line, as: UTF8.self))")
        }
    }

    @Test("the boundary line: padding before its CRLF passes, anything else is malformed; a body closing with no part is malformed")
    func boundaryLines() throws {
        let part = "Content-Disposition: form-data; name=\"name\"\r\n\r\nvad\r\n"
        #expect(failure(Array("--\(b) \t\r\n\(part)--\(b)--".utf8), chunk: 2) == nil)
        #expect(failure(Array("--\(b)x\r\n\(part)--\(b)--".utf8), chunk: 2) == .malformedMultipart)
        #expect(failure(Array("--\(b)\r\r\(part)--\(b)--".utf8), chunk: 2) == .malformedMultipart)
        #expect(failure(Array("--\(b)-x".utf8), chunk: 2) == .malformedMultipart)
        #expect(failure(Array("--\(b)--\r\n".utf8), chunk: 2) == .malformedMultipart)
        // A preamble before CRLF and the first delimiter is skipped; a delimiter not at a line start is not one.
        #expect(failure(Array("preamble\r\n--\(b)\r\n\(part)--\(b)--".utf8), chunk: 5) == nil)
        #expect(failure(Array("x--\(b)\r\n\(part)".utf8), chunk: 5) == .badBoundary)
        // The epilogue is ignored.
        #expect(failure(Array("--\(b)\r\n\(part)--\(b)--\r\nepilogue\r\n--\(b)\r\n".utf8), chunk: 5) == nil)
    }

    @Test("a file holding every prefix of the delimiter keeps its bytes exactly, in any chunking", arguments: [1, 2, 3, 5, 64, 4096])
    func delimiterPrefixes(chunk: Int) throws {
        let delimiter = Array("\r\n--\(b)".utf8)
        var file: [UInt8] = []
        for length in 1..<delimiter.count { file += delimiter[..<length] + [0x58] }
        file += [0x0D]
        let body = MultipartBody.upload(fileName: "m.onnx", file)
        let (parts, _) = try parse(body.bytes, chunk: chunk)
        #expect(parts["model_file"] == file)
    }

    @Test("fuzz: 3,000 mutated forms in random chunkings give a form or an APIFailure, never a trap; unmutated ones give their file back")
    func fuzz() throws {
        var random = SplitMix64(seed: 0x5EED_F00D)
        for round in 0..<3000 {
            let file = (0..<random.int(below: 600)).map { _ in random.byte() }
            var bytes = MultipartBody.upload(versionID: "3", fileName: "f.onnx", file).bytes
            let mutated = round % 3 != 0
            if mutated {
                // Damaged bytes, then a byte inserted, one removed, or the tail cut.
                bytes = random.damaged(bytes)
                let at = random.int(below: bytes.count)
                switch random.int(below: 3) {
                case 0: bytes.insert(random.byte(), at: at)
                case 1: bytes.remove(at: at)
                default: bytes.removeSubrange(max(1, at)...)
                }
            }
            let chunk = 1 + random.int(below: 300)
            if mutated {
                _ = failure(bytes, chunk: chunk)
            } else {
                #expect(try parse(bytes, chunk: chunk).parts["model_file"] == file, "round \(round)")
            }
        }
    }

    @Test("the boundary comes from the Content-Type")
    func boundary() throws {
        #expect(try FormBoundary.of(contentType: "multipart/form-data; boundary=abc") == "abc")
        #expect(try FormBoundary.of(contentType: "Multipart/Form-Data; charset=utf-8; boundary=\"a b;c\"") == "a b;c")
        for bad in [nil, "application/json", "multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=" + String(repeating: "b", count: 71)] {
            #expect(throws: APIFailure.self) { try FormBoundary.of(contentType: bad) }
        }
        for bad in ["multipart/form-data; boundary=\"a\rb\"", "multipart/form-data; boundary=\"ab \"", "multipart/form-data; boundary=\"a\u{7F}\""] {
            #expect(throws: APIFailure.self, "\(bad)") { try FormBoundary.of(contentType: bad) }
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
