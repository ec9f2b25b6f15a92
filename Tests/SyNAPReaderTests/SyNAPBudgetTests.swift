import ModelArtifact
import Testing
@testable import SyNAPReader

/// The whole-bundle budget: many subgraphs naming one deflated entry inflate it only while the
/// budget lasts; past it each is SYNAP010, and the report is still made.
@Suite struct SyNAPBudgetTests {
    @Test func subgraphsSharingOneDeflatedEntrySpendOneBudget() throws {
        let ebg = BundleBuilder.ebg()
        let meta = BundleBuilder.meta()
        let graphs = (0..<4).map { i in ("0/model.nb", "0/model.json", [(i - 1, 0)]) }
        let bytes = BundleBuilder.zip([
            BundleEntry("bundle.json", BundleBuilder.bundleJSON(graphs, outputs: [(3, 0)])),
            BundleEntry("0/model.nb", ebg, deflated: true),
            BundleEntry("0/model.json", meta, deflated: true),
        ])
        let file = MappedFile(bytes: bytes, name: "b.synap")
        var unlimited = try SyNAPBundleReader(file)
        let whole = try unlimited.read()
        #expect(!whole.findings.contains { $0.code == "SYNAP010" })
        // Room for two subgraphs' meta and payload, and a third meta.
        var reader = try SyNAPBundleReader(file, budget: 3 * meta.utf8.count + 2 * ebg.count)
        let report = try reader.read()
        #expect(reader.spent <= reader.budget)
        #expect(report.findings.filter { $0.code == "SYNAP010" }.count >= 2)
        let subgraphs = report.section(SyNAPSection.self)?.json.objectValue?["subgraphs"]?.arrayValue ?? []
        #expect(subgraphs.count == 4)
        #expect(subgraphs.map { $0.objectValue?["ebg"] != nil } == [true, true, false, false])
    }
}
