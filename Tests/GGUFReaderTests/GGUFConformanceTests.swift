import GGUFReader
import ModelArtifact
import Testing
import TestSupport

@Suite struct GGUFConformanceTests {
    @Test(arguments: ["gguf/llama.cpp-vocab/ggml-vocab-bert-bge.gguf"])
    func matchesTheExpectedReport(relative: String) throws {
        let expectedReport = CorpusLocation.expectedReport(for: relative)
        guard CorpusLocation.exists(relative), CorpusLocation.exists(expectedReport) else {
            print("skipping GGUF conformance: \(CorpusLocation.path(relative)) not found (set MODEL_CORPUS)")
            return
        }
        let report = try GGUFReader.read(try MappedFile(path: CorpusLocation.path(relative)))
        let expectedFile = try MappedFile(path: CorpusLocation.path(expectedReport))
        let expected = try #require(try JSONParser.parse(expectedFile.reader()).objectValue)
        let actual = try #require(report.json.objectValue)
        for key in ["format", "size", "format_version", "tensors", "tensor_count", "parameter_count", "metadata"] {
            let want = try #require(expected[key], "expected report lacks \(key)")
            let got = try #require(actual[key], "report lacks \(key)")
            #expect(got.isSameJSON(as: want), "\(key): \(JSONWriter.string(got, style: .compact))")
        }
        #expect(report.findings.isEmpty)
    }
}
