import ModelArtifact
import Testing
import TestSupport

/// `synap-tool inspect` on TFLite models: the human view shows the `tflite` section, JSON carries it.
@Suite struct TFLiteCLITests {
    @Test func humanViewShowsQuantizationSignaturesAndRuntime() throws {
        let result = try CLITests.run(["inspect", Fixtures.path("tflite/quantized.tflite")])
        #expect(result.status == 0)
        let out = result.stdout
        for text in ["tflite (version 3)", "graph 1 NoOp", "CUSTOM:SignalWindow", "TFLite 2.6.0 or newer",
                     "custom: SignalWindow", "serving_default → graph 0: x (tensor 0) → y (tensor 5)",
                     "quantization", "(5 tensors, 3 per-channel)", "serving_default_x:0 (graph io)", "[0.1, 0.2, 0.3]",
                     "sparse/weights", "variables", "state"] {
            #expect(out.contains(text), "missing \(text)")
        }
    }

    @Test func offsetBuffersAreCountedInTheSummary() throws {
        let result = try CLITests.run(["inspect", Fixtures.path("tflite/offset-buffers.tflite")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("4 after the FlatBuffer: 86 bytes"))
    }

    @Test func jsonCarriesTheSection() throws {
        let result = try CLITests.run(["inspect", Fixtures.path("tflite/quantized.tflite"), "--json"])
        #expect(result.status == 0)
        let report = try #require(try JSONParser.parse(bytes: Array(result.stdout.utf8)).objectValue)
        #expect(report["format"] == .string("tflite"))
        #expect(report["tflite"]?.objectValue?["signature_defs"]?.arrayValue?.count == 1)
        #expect(report["tensors"]?.arrayValue?.first?.objectValue?["graph"] == .int(0))
    }

    @Test func aBrokenFlatBufferIsExitThree() throws {
        let scratch = try ScratchFolder("tflite-cli")
        defer { scratch.remove() }
        let path = try scratch.write("cut.tflite", [0x40, 0, 0, 0] + Array("TFL3".utf8) + [UInt8](repeating: 0, count: 24))
        let result = try CLITests.run(["inspect", path])
        #expect(result.status == 3)
        #expect(result.stderr.contains("offset-out-of-range"))
    }
}
