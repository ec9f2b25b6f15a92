import ModelArtifact
import SyNAPReader
import Testing
import TestSupport

/// Standalone EBG/NBG payloads, header rules, truncation and mutation.
@Suite struct SyNAPPayloadTests {
    static func rule(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let e as ArtifactError { return e.rule } catch { return "other" }
    }

    @Test func standaloneEBGWithSiblingMeta() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let path = try folder.write("net.nb", BundleBuilder.ebg(hardware: 0x80))
        _ = try folder.write("net.json", Array(BundleBuilder.meta(inputs: 1, outputs: 1).utf8))
        let report = try SyNAPReader.read(MappedFile(path: path))
        #expect(report.format == .ebg)
        #expect(report.graphs?.first?.inputs.count == 1)
        let sub = report.section(SyNAPSection.self)?.json.objectValue?["subgraphs"]?.arrayValue?.first?.objectValue
        #expect(sub?["meta"] == .string("net.json"))
        #expect(sub?["ebg"]?.objectValue?["target"] == .string("AS370"))
    }

    @Test func standaloneNBGWithoutMeta() throws {
        let report = try SyNAPReader.read(MappedFile(bytes: BundleBuilder.nbg(), name: "/nonexistent/legacy.nb"))
        #expect(report.format == .nbg)
        #expect(report.graphs == nil)
        let nbg = report.section(SyNAPSection.self)?.json.objectValue?["subgraphs"]?.arrayValue?.first?.objectValue?["nbg"]?.objectValue
        #expect(nbg?["network_name"] == .string("legacy") && nbg?["layer_count"] == .int(3))
    }

    @Test func headerRulesAreNamed() {
        let ebg = BundleBuilder.ebg()
        func parse(_ bytes: [UInt8]) throws { _ = try EBGHeader.parse(MappedFile(bytes: bytes, name: "x.nb").reader()) }
        #expect(Self.rule { try parse(Array(ebg.prefix(20))) } == "ebg-truncated")
        #expect(Self.rule { try parse(Array("XXXX".utf8) + ebg.dropFirst(4)) } == "ebg-magic")
        #expect(Self.rule { try parse(Array(ebg.prefix(60))) } == "ebg-metadata-truncated")
        #expect(Self.rule { try parse(BundleBuilder.ebg { $0[1] = 40 }) } == "ebg-metadata-truncated")
        var overflow = ebg
        overflow[36 + 4 + 64 + 20] = 0xFF  // memory_area_count low byte
        overflow[36 + 4 + 64 + 23] = 0x7F
        #expect(Self.rule { try parse(overflow) } == "ebg-records-overflow")
        func nbg(_ bytes: [UInt8]) throws { _ = try NBGHeader.parse(MappedFile(bytes: bytes, name: "x.nb").reader()) }
        #expect(Self.rule { try nbg(Array(BundleBuilder.nbg().prefix(50))) } == "nbg-truncated")
        #expect(Self.rule { try nbg(ebg) } == "nbg-magic")
    }

    @Test func everyTruncationOfAPayloadFailsCleanly() {
        for bytes in [BundleBuilder.ebg(), BundleBuilder.nbg()] {
            for length in 0..<bytes.count {
                let cut = Array(bytes[..<length])
                do { _ = try SyNAPReader.readPayload(MappedFile(bytes: cut, name: "cut.nb"), meta: nil) }
                catch is ArtifactError {} catch { Issue.record("unexpected \(error)") }
            }
        }
    }

    @Test func shortPayloadsKeepTheirOwnRules() {
        for (bytes, rule) in [(Array("EBGX".utf8), "ebg-truncated"), (Array("VPMN".utf8), "nbg-truncated")] {
            #expect(Self.rule { _ = try SyNAPReader.read(MappedFile(bytes: bytes, name: "short.nb")) } == rule)
        }
    }

    @Test func everyTruncationOfABundleFailsCleanly() {
        let bytes = BundleBuilder.npuBundle()
        for length in 0..<bytes.count {
            Self.survive(Array(bytes[..<length]))
        }
    }

    @Test func randomMutationsNeverCrash() {
        var rng = SplitMix64(seed: 0x5e_4a_9)
        let originals = [BundleBuilder.npuBundle(), BundleBuilder.npuBundle(deflated: true)]
        for i in 0..<3000 {
            var bytes = originals[i % 2]
            for _ in 0...rng.int(below: 6) {
                bytes[rng.int(below: bytes.count)] = UInt8(truncatingIfNeeded: rng.next())
            }
            Self.survive(bytes)
        }
    }

    static func survive(_ bytes: [UInt8]) {
        do {
            let report = try SyNAPReader.read(MappedFile(bytes: bytes, name: "fuzz.synap"))
            _ = JSONWriter.string(report.json)
        } catch is ArtifactError {
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}

/// Standalone payloads give their header's version as the report's `format_version`, as bundles
/// give it in their `synap` section.
@Suite struct StandalonePayloadVersionTests {
    @Test func ebgAndNbgCarryTheirHeaderVersion() throws {
        let ebg = try SyNAPReader.read(MappedFile(bytes: BundleBuilder.ebg(), name: "model.nb"))
        let ebgVersion = ebg.section(SyNAPSection.self)?.json.objectValue?["subgraphs"]?.arrayValue?.first?.objectValue?["ebg"]?.objectValue?["version"]
        #expect(ebg.formatVersion != nil && ebgVersion == .int(Int64(ebg.formatVersion ?? "") ?? -1))
        let nbg = try SyNAPReader.read(MappedFile(bytes: BundleBuilder.nbg(), name: "model.nb"))
        let nbgVersion = nbg.section(SyNAPSection.self)?.json.objectValue?["subgraphs"]?.arrayValue?.first?.objectValue?["nbg"]?.objectValue?["version"]
        #expect(nbg.formatVersion != nil && nbgVersion == .int(Int64(nbg.formatVersion ?? "") ?? -1))
    }
}
