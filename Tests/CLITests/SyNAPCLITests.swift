import ModelArtifact
import Testing
import TestSupport

/// `synap-tool inspect` and `detect` on SyNAP bundles and payloads.
@Suite struct SyNAPCLITests {
    @Test func inspectDrawsTheBundleTree() throws {
        let result = try CLITests.run(["inspect", Fixtures.path("synap/two-subgraphs.synap")])
        #expect(result.status == 0)
        for text in ["bundle (2 subgraphs)", "├─ subgraph 0  npu · ebg · VS680/SL1680 (0xc1)", "└─ subgraph 1  tflite · tflite",
                     "← bundle input 0", "← subgraph 0 out 0", "areas     CODE 256 bytes, COEF 512 bytes",
                     "embedded  tflite v3", "asymmetric_affine u8 scale 0.0078125 zp 128", "outputs   ← subgraph 1 out 0"] {
            #expect(result.stdout.contains(text), "missing \(text)")
        }
    }

    @Test func inspectShowsProfilingPayloads() throws {
        let result = try CLITests.run(["inspect", Fixtures.path("synap/model.nb")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("npu · ebg · VS640/SL1640 (0xc2) · \"_NHWC\" · profiling"))
    }

    @Test func detectNamesDelegatesAndTargets() throws {
        let result = try CLITests.run(["detect", Fixtures.path("synap/two-subgraphs.synap"), Fixtures.path("synap/model.nb")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("subgraphs: npu on VS680/SL1680, tflite"))
        #expect(result.stdout.contains("subgraph: npu on VS640/SL1640"))
    }
}
