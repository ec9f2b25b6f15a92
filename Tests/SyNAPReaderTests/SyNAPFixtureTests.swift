import ModelArtifact
import SyNAPReader
import Testing
import TestSupport

/// The fixtures scripts/fixtures/fx_synap.py writes.
@Suite struct SyNAPFixtureTests {
    @Test func twoSubgraphBundleEmbedsTheTFLiteReport() throws {
        let report = try SyNAPReader.read(MappedFile(path: Fixtures.path("synap/two-subgraphs.synap")))
        #expect(report.findings.isEmpty)
        #expect(report.graphs?.map(\.delegate) == ["npu", "tflite"])
        let details = try #require(report.section(SyNAPDetail.self)?.json.objectValue?["subgraphs"]?.arrayValue)
        let embedded = try #require(details[1].objectValue?["embedded"]?.objectValue)
        #expect(embedded["format"] == .string("tflite"))
        #expect(embedded["graphs"]?.arrayValue?.isEmpty == false)
    }

    @Test func deflatedReversedBundleReadsTheSame() throws {
        let stored = try SyNAPReader.read(MappedFile(path: Fixtures.path("synap/two-subgraphs.synap")))
        let deflated = try SyNAPReader.read(MappedFile(path: Fixtures.path("synap/deflated.synap")))
        #expect(deflated.graphs == stored.graphs)
        #expect(deflated.section(SyNAPSection.self)?.json == stored.section(SyNAPSection.self)?.json)
    }

    @Test func standalonePayloadsFindTheirMeta() throws {
        let ebg = try SyNAPReader.read(MappedFile(path: Fixtures.path("synap/model.nb")))
        #expect(ebg.format == .ebg && ebg.graphs?.first?.inputs.first?.dtype == .i8)
        let sub = ebg.section(SyNAPSection.self)?.json.objectValue?["subgraphs"]?.arrayValue?.first?.objectValue
        #expect(sub?["ebg"]?.objectValue?["target"] == .string("VS640"))
        #expect(sub?["ebg"]?.objectValue?["execution_mode"] == .int(1))
        let nbg = try SyNAPReader.read(MappedFile(path: Fixtures.path("synap/legacy.nb")))
        #expect(nbg.format == .nbg)
    }
}
