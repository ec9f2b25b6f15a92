import FormatProbe
import Foundation
import ModelArtifact
import ModelInspector
import Testing

/// Every corpus file is detected as the reference says, and every file of a format whose reader
/// exists gives exactly the reference's report.
@Suite struct ConformanceTests {
    /// Formats whose reports are compared member by member; the others are compared on format and size.
    static let fullyRead: Set<String> = ["safetensors", "gguf", "ggml", "onnx", "tflite", "pt", "pt-legacy", "torchscript", "pickle", "synap", "ebg", "nbg"]
    /// Members of our reports that the reference does not produce (ours to add).
    static let ownMembers: Set<String> = ["findings", "gguf", "checkpoint", "onnx", "tflite", "pytorch", "synap_detail"]
    /// Members of expected reports that describe how they were made, not the file.
    static let generatorMembers: Set<String> = ["notes", "path"]

    static let located = Corpus.locate()
    static let cases: [Corpus.Case] = (try? located.corpus?.cases()) ?? []

    @Test func corpusIsPresentOrSkipped() {
        if Self.located.corpus == nil {
            print("ConformanceTests: SKIPPED — \(Self.located.reason)")
            let required = ProcessInfo.processInfo.environment["REQUIRE_CORPUS"] == "1"
            #expect(!required, "REQUIRE_CORPUS=1 but \(Self.located.reason)")
        } else {
            print("ConformanceTests: \(Self.cases.count) corpus files, \(Self.located.reason)")
            #expect(!Self.cases.isEmpty, "the corpus has no files with expected reports")
        }
    }

    @Test(arguments: cases) func detectedAsExpected(_ item: Corpus.Case) throws {
        let expected = try #require(item.expected["format"]?.stringValue)
        let detection = try FormatProbe.detect(path: item.path)
        #expect(detection.format.rawValue == expected, "\(item): \(detection.reason)")
        #expect(detection.confidence >= .high, "\(item): \(detection.confidence)")
    }

    @Test(arguments: cases) func detectedFromAStreamPrefix(_ item: Corpus.Case) throws {
        let expected = try #require(item.expected["format"]?.stringValue)
        let file = try MappedFile(path: item.path)
        let prefix = file.bytes.prefix(FormatProbe.streamPrefixLength)
        let detection = FormatProbe.detect(prefix: prefix, totalSize: file.size)
        if detection.format.rawValue != expected {
            #expect(detection.needsMoreBytes, "\(item): prefix says \(detection.format.rawValue) without asking for more bytes")
        }
    }

    @Test(arguments: cases) func reportMatchesReference(_ item: Corpus.Case) throws {
        let report = try ModelInspector.inspect(path: item.path)
        guard case .object(let ours) = report.json else { Issue.record("report is not an object"); return }
        #expect(ours["path"] == .string(item.path))
        let format = item.expected["format"]?.stringValue ?? ""
        let compared = Self.fullyRead.contains(format)
            ? item.expected.keys.filter { !Self.generatorMembers.contains($0) }
            : ["schema", "format", "size"]
        for key in compared {
            let want = item.expected[key]!
            guard let got = ours[key] else {
                Issue.record("\(item): member \(key) missing")
                continue
            }
            #expect(got.isSameJSON(as: want), "\(item): \(key) differs: got \(Self.short(got)), want \(Self.short(want))")
        }
        if Self.fullyRead.contains(format) {
            let extra = Set(ours.keys).subtracting(item.expected.keys).subtracting(Self.ownMembers)
            #expect(extra.isEmpty, "\(item): members the reference does not have: \(extra.sorted())")
        }
    }

    static func short(_ value: JSONValue) -> String {
        let text = JSONWriter.string(value, style: .compact)
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}
