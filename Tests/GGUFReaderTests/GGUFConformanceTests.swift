import GGUFReader
import ModelArtifact
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct GGUFConformanceTests {
    /// The shared corpus: `$MODEL_CORPUS`, else `../shared/corpus` beside the package root.
    static var corpus: String {
        if let env = getenv("MODEL_CORPUS") { return String(cString: env) }
        var root = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        root.removeLast(3)  // Tests/GGUFReaderTests/<file>
        return root.joined(separator: "/") + "/../shared/corpus"
    }

    static func exists(_ path: String) -> Bool { access(path, R_OK) == 0 }

    @Test(arguments: ["gguf/llama.cpp-vocab/ggml-vocab-bert-bge.gguf"])
    func matchesTheExpectedReport(relative: String) throws {
        let path = "\(Self.corpus)/\(relative)"
        let expectedPath = "\(Self.corpus)/expected/\(relative).json"
        guard Self.exists(path), Self.exists(expectedPath) else {
            print("skipping GGUF conformance: \(path) not found (set MODEL_CORPUS)")
            return
        }
        let report = try GGUFReader.read(try MappedFile(path: path))
        let expectedFile = try MappedFile(path: expectedPath)
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
