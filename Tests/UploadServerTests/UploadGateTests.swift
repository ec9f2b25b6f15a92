import Foundation
import Testing
import TestSupport
@testable import UploadServer

@Suite("The gate on the stream: the first 64 KiB decide")
struct UploadGateTests {
    private func prefix(_ fixture: String) throws -> (bytes: [UInt8], size: Int) {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(fixture)))
        return (Array(data.prefix(UploadGate.prefixLength)), data.count)
    }

    @Test("the seed's four formats pass under their own extension", arguments: [
        ("onnx/tiny.onnx", "tiny.onnx", "onnx"), ("pytorch/state_dict.pt", "state_dict.pt", "pt"),
        ("tflite/quantized.tflite", "q.tflite", "tflite"), ("synap/two-subgraphs.synap", "m.synap", "synap"),
    ])
    func passes(fixture: String, name: String, format: String) throws {
        let (bytes, size) = try prefix(fixture)
        let (_, decision) = UploadGate.decide(prefix: bytes, fileName: name, totalSize: bytes.count < UploadGate.prefixLength ? size : nil)
        #expect(try decision.get().rawValue == format)
    }

    @Test("other content is unsupported_format; a disagreeing name is extension_mismatch")
    func refusals() throws {
        let gguf = try prefix("gguf/tiny.gguf")
        #expect(UploadGate.decide(prefix: gguf.bytes, fileName: "m.gguf", totalSize: gguf.size).decision.failureCode == .unsupportedFormat)
        let text = try prefix("misc/text.txt")
        #expect(UploadGate.decide(prefix: text.bytes, fileName: "m.onnx", totalSize: text.size).decision.failureCode == .unsupportedFormat)
        let onnx = try prefix("onnx/tiny.onnx")
        #expect(UploadGate.decide(prefix: onnx.bytes, fileName: "tiny.pt", totalSize: onnx.size).decision.failureCode == .extensionMismatch)
        #expect(UploadGate.decide(prefix: onnx.bytes, fileName: "tiny", totalSize: onnx.size).decision.failureCode == .extensionMismatch)
        #expect(UploadGate.decide(prefix: [UInt8](), fileName: "empty.onnx", totalSize: 0).decision.failureCode == .unsupportedFormat)
    }
}

extension Result where Failure == APIFailure {
    var failureCode: FailureCode? {
        if case .failure(let failure) = self { return failure.code }
        return nil
    }
}
