import ModelArtifact
import SyNAPReader
import Testing
import ZipContainer

/// Bundles the tests build: what the report holds and every finding code.
@Suite struct SyNAPBundleTests {
    static func read(_ bytes: [UInt8], name: String = "t.synap") throws -> ModelReport {
        try SyNAPReader.read(MappedFile(bytes: bytes, name: name))
    }

    static func codes(_ report: ModelReport) -> [String] { report.findings.map(\.code) }

    static func subgraph(_ report: ModelReport, _ i: Int = 0) -> JSONObject? {
        report.section(SyNAPSection.self)?.json.objectValue?["subgraphs"]?.arrayValue?[i].objectValue
    }

    @Test func npuBundleReportsGraphAndHeader() throws {
        let report = try Self.read(BundleBuilder.npuBundle())
        #expect(report.format == .synap)
        #expect(report.findings.isEmpty)
        let graph = try #require(report.graphs?.first)
        #expect(graph.delegate == "npu")
        #expect(graph.inputs.map(\.name) == ["in0"] && graph.inputs[0].dtype == .u8)
        #expect(graph.outputs.first?.shape == [.size(1), .size(4)])
        let sub = try #require(Self.subgraph(report))
        #expect(sub["payload"] == .string("ebg"))
        #expect(sub["secure"] == .bool(false))
        let ebg = try #require(sub["ebg"]?.objectValue)
        #expect(ebg["target"] == .string("VS680") && ebg["hardware_type"] == .int(0xC1))
        #expect(ebg["network_name"] == .string("_NHWC") && ebg["execution_mode"] == .int(0))
        let detail = try #require(report.section(SyNAPDetail.self)?.json.objectValue)
        let areas = detail["subgraphs"]?.arrayValue?[0].objectValue?["ebg"]?.objectValue?["records"]?.arrayValue
        #expect(areas?.count == 4)
    }

    @Test func deflatedAndReorderedBundlesReadTheSame() throws {
        let stored = try Self.read(BundleBuilder.npuBundle())
        let deflated = try Self.read(BundleBuilder.npuBundle(deflated: true))
        #expect(deflated.graphs == stored.graphs)
        #expect(deflated.section(SyNAPSection.self)?.json == stored.section(SyNAPSection.self)?.json)
        let odd = BundleBuilder.zip([
            BundleEntry("__MACOSX/0/._model.nb", [0, 5, 22, 7]),
            BundleEntry("0/", []),
            BundleEntry("0/model.json", BundleBuilder.meta(), deflated: true),
            BundleEntry("0/model.nb", BundleBuilder.ebg()),
            BundleEntry("bundle.json", BundleBuilder.bundleJSON([("0/model.nb", "0/model.json", [(-1, 0)])], outputs: [(0, 0)])),
        ])
        let reordered = try Self.read(odd)
        #expect(reordered.section(SyNAPSection.self)?.json == stored.section(SyNAPSection.self)?.json)
        #expect(!Self.codes(reordered).contains { $0.hasPrefix("SYNAP") })
    }

    @Test func profilingAndTargetsAreNamed() throws {
        let report = try Self.read(BundleBuilder.npuBundle(ebg: BundleBuilder.ebg(hardware: 0xC2, executionMode: 1)))
        let ebg = try #require(Self.subgraph(report)?["ebg"]?.objectValue)
        #expect(ebg["target"] == .string("VS640") && ebg["execution_mode"] == .int(1))
    }

    @Test func missingEntriesAreSYNAP001() throws {
        let bytes = BundleBuilder.zip([
            BundleEntry("bundle.json", BundleBuilder.bundleJSON([("0/model.nb", "0/model.json", [(-1, 0)])], outputs: [(0, 0)])),
        ])
        let report = try Self.read(bytes)
        #expect(Self.codes(report).filter { $0 == "SYNAP001" }.count == 2)
        #expect(report.graphs?.first?.delegate == "npu")
    }

    @Test func brokenWiringIsSYNAP002() throws {
        let json = BundleBuilder.bundleJSON([
            ("0/model.nb", "0/model.json", [(-1, 0)]),
            ("1/model.nb", "1/model.json", [(0, 3)]),
            ("2/model.nb", "2/model.json", [(7, 0)]),
        ], outputs: [(2, 0), (9, 0), (0, -1)])
        var entries = [BundleEntry("bundle.json", json)]
        for i in 0..<3 {
            entries.append(BundleEntry("\(i)/model.nb", BundleBuilder.ebg()))
            entries.append(BundleEntry("\(i)/model.json", BundleBuilder.meta()))
        }
        let report = try Self.read(BundleBuilder.zip(entries))
        #expect(Self.codes(report) == ["SYNAP002", "SYNAP002", "SYNAP002", "SYNAP002"])
        #expect(report.graphs?.count == 3)
    }

    @Test func laterSubgraphAndInputCountAreSYNAP002() throws {
        let json = BundleBuilder.bundleJSON([("0/model.nb", "0/model.json", [(0, 0), (-1, 1)])], outputs: [(0, 0)])
        let report = try Self.read(BundleBuilder.zip([
            BundleEntry("bundle.json", json), BundleEntry("0/model.nb", BundleBuilder.ebg()),
            BundleEntry("0/model.json", BundleBuilder.meta()),
        ]))
        #expect(Self.codes(report) == ["SYNAP002", "SYNAP002"])
    }

    @Test func lengthsThatDoNotAddUpAreSYNAP003() throws {
        let ebg = BundleBuilder.ebg { $0[4] += 100 }
        #expect(Self.codes(try Self.read(BundleBuilder.npuBundle(ebg: ebg))) == ["SYNAP003"])
        let huge = BundleBuilder.ebg { $0[3] = .max; $0[4] = .max }
        #expect(Self.codes(try Self.read(BundleBuilder.npuBundle(ebg: huge))) == ["SYNAP003"])
    }

    @Test func countMismatchIsSYNAP004() throws {
        let report = try Self.read(BundleBuilder.npuBundle(meta: BundleBuilder.meta(outputs: 2)))
        #expect(Self.codes(report).contains("SYNAP004"))
    }

    @Test func unknownHardwareIsSYNAP005() throws {
        let report = try Self.read(BundleBuilder.npuBundle(ebg: BundleBuilder.ebg(hardware: 0x77)))
        #expect(Self.codes(report) == ["SYNAP005"])
        #expect(Self.subgraph(report)?["ebg"]?.objectValue?["target"] == nil)
    }

    @Test func encryptedPayloadIsSYNAP006() throws {
        let report = try Self.read(BundleBuilder.npuBundle(ebg: BundleBuilder.ebg(securityType: 1)))
        #expect(Self.codes(report) == ["SYNAP006"])
        #expect(Self.subgraph(report)?["ebg"]?.objectValue?["security_type"] == .int(1))
    }

    @Test func payloadMagicAgainstDelegateIsSYNAP007() throws {
        let report = try Self.read(BundleBuilder.npuBundle(meta: BundleBuilder.meta(delegate: "tflite gpu=0")))
        #expect(Self.codes(report) == ["SYNAP007"])
        #expect(report.graphs?.first?.delegate == "tflite")
        let nbgAsTflite = BundleBuilder.zip([
            BundleEntry("bundle.json", BundleBuilder.bundleJSON([("0/subgraph_0.tflite", "0/subgraph_0.json", [(-1, 0)])],
                                                                outputs: [(0, 0)])),
            BundleEntry("0/subgraph_0.tflite", BundleBuilder.nbg()),
            BundleEntry("0/subgraph_0.json", BundleBuilder.meta()),
        ])
        #expect(Self.codes(try Self.read(nbgAsTflite)).contains("SYNAP007"))
    }

    @Test func unreadableMetaAndPayloadAreSYNAP008() throws {
        #expect(Self.codes(try Self.read(BundleBuilder.npuBundle(meta: "{\"Inputs\": [1]}"))) == ["SYNAP008"])
        #expect(Self.codes(try Self.read(BundleBuilder.npuBundle(meta: "{nope"))) == ["SYNAP008"])
        let truncated = Array(BundleBuilder.ebg().prefix(50))
        let report = try Self.read(BundleBuilder.npuBundle(ebg: truncated))
        #expect(Self.codes(report) == ["SYNAP008"])
        #expect(report.findings.first?.message.contains("ebg-metadata-truncated") == true)
    }

    @Test func unknownDTypeIsSYNAP009() throws {
        let report = try Self.read(BundleBuilder.npuBundle(meta: BundleBuilder.meta(qtype: "q3")))
        #expect(Self.codes(report) == ["SYNAP009", "SYNAP009"])
        #expect(report.graphs?.first?.inputs.first?.dtype == nil)
    }

    @Test func dtypeRuleFollowsTheRuntime() throws {
        let float = try Self.read(BundleBuilder.npuBundle(meta: BundleBuilder.meta(dtype: "float32", qtype: "u8")))
        #expect(float.graphs?.first?.inputs.first?.dtype == .f32)
        let quant = try Self.read(BundleBuilder.npuBundle(meta: BundleBuilder.meta(dtype: "uint8", qtype: "int16")))
        #expect(quant.graphs?.first?.inputs.first?.dtype == .i16)
        #expect(SyNAPDType.effectiveName(dtype: nil, qtype: nil) == nil)
    }

    @Test func bundleJSONRulesThrow() throws {
        func rule(_ json: String) -> String? {
            do { _ = try Self.read(BundleBuilder.zip([BundleEntry("bundle.json", json)])); return nil }
            catch let e as ArtifactError { return e.rule } catch { return "other" }
        }
        #expect(rule("[]") == "synap-bundle-not-object")
        #expect(rule("{}") == "synap-bundle-graph")
        #expect(rule("{\"graph\": [{}]}") == "synap-bundle-model")
        #expect(rule("{\"graph\": [], \"outputs\": [{\"subgraph\": \"x\"}]}") == "synap-bundle-wiring")
        #expect(rule("{\"graph\": [], \"outputs\": 3}") == "synap-bundle-wiring")
        #expect(rule("{\"graph\": [") == "json-truncated" || rule("{\"graph\": [")?.hasPrefix("json-") == true)
        let noBundle = BundleBuilder.zip([BundleEntry("0/model.nb", BundleBuilder.ebg())])
        #expect(throws: ArtifactError.self) { try Self.read(noBundle) }
    }
}

/// Budgets and wiring spellings.
@Suite struct SyNAPBundleLimitTests {
    @Test func manySubgraphsNamingOneDeflatedPayloadStayInBudget() throws {
        let graphs = (0..<50).map { i in (model: "0/model.nb", meta: "0/model.json", inputs: [(i - 1, 0)]) }
        let bytes = BundleBuilder.zip([
            BundleEntry("bundle.json", BundleBuilder.bundleJSON(graphs, outputs: [(49, 0)])),
            BundleEntry("0/model.nb", BundleBuilder.ebg(), deflated: true),
            BundleEntry("0/model.json", BundleBuilder.meta(), deflated: true),
        ])
        let report = try SyNAPReader.read(MappedFile(bytes: bytes, name: "many.synap"))
        #expect(report.graphs?.count == 50)
        #expect(report.findings.isEmpty)
    }

    @Test func inWiresAreRead() throws {
        let json = "{\"graph\": [{\"model\": \"0/model.nb\", \"meta\": \"0/model.json\", \"inputs\": [{\"subgraph\": -1, \"in\": 0}]}],"
            + " \"outputs\": [{\"subgraph\": 0, \"out\": 0}], \"parallel_limit\": 2}"
        let report = try SyNAPReader.read(MappedFile(bytes: BundleBuilder.zip([
            BundleEntry("bundle.json", json), BundleEntry("0/model.nb", BundleBuilder.ebg()),
            BundleEntry("0/model.json", BundleBuilder.meta()),
        ]), name: "in.synap"))
        #expect(report.findings.isEmpty)
        let detail = report.section(SyNAPDetail.self)?.json.objectValue
        #expect(detail?["parallel_limit"] == .int(2))
        #expect(detail?["subgraphs"]?.arrayValue?.first?.objectValue?["inputs"]?.arrayValue?.first?.objectValue?["in"] == .int(0))
    }
}

/// Deflated payloads that are not opened are inflated only as far as their magic.
@Suite struct SyNAPDeflatedPayloadTests {
    @Test func deflatedVMFBIsJudgedByItsMagic() throws {
        func bundle(_ payload: [UInt8]) -> [UInt8] {
            BundleBuilder.zip([
                BundleEntry("bundle.json", BundleBuilder.bundleJSON([("0/subgraph_0.vmfb", "0/subgraph_0.json", [(-1, 0)])],
                                                                    outputs: [(0, 0)])),
                BundleEntry("0/subgraph_0.vmfb", payload, deflated: true),
                BundleEntry("0/subgraph_0.json", BundleBuilder.meta(delegate: "torq npu=1")),
            ])
        }
        let vmfb = [0, 0, 0, 0] + Array("IREE".utf8) + [UInt8](repeating: 7, count: 70_000)
        let good = try SyNAPReader.read(MappedFile(bytes: bundle(vmfb), name: "torq.synap"))
        #expect(good.findings.isEmpty)
        #expect(good.section(SyNAPSection.self)?.json.objectValue?["subgraphs"]?.arrayValue?.first?.objectValue?["payload"] == .string("vmfb"))
        let wrong = try SyNAPReader.read(MappedFile(bytes: bundle(BundleBuilder.ebg()), name: "torq.synap"))
        #expect(wrong.findings.map(\.code) == ["SYNAP007"])
    }

    @Test func archivePrefixStopsEarly() throws {
        let data = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let file = MappedFile(bytes: BundleBuilder.zip([BundleEntry("a", data, deflated: true), BundleEntry("b", data)]), name: "p.zip")
        let archive = try ZipArchive(file)
        for name in ["a", "b"] {
            let entry = try #require(archive.entry(named: name))
            #expect(try archive.prefix(of: entry, count: 10) == Array(data.prefix(10)))
            #expect(try archive.prefix(of: entry, count: 200_000) == data)
        }
    }
}
