import Foundation
import ModelArtifact
import Testing
import TestSupport

/// `scan`, `checksum` and `validate` write what their published schemas (`docs/schema/`) say,
/// for clean files, findings, unreadable paths and folders alike.
@Suite struct OutputSchemaTests {
    static let validator = Result { try JSONSchemaValidator(folder: Fixtures.packageRoot + "/docs/schema") }

    private func conforms(_ arguments: [String], to schema: String) throws {
        let validator = try Self.validator.get()
        let run = try CLITests.run(arguments)
        #expect([0, 1, 3].contains(run.status), "\(arguments): exit \(run.status): \(run.stderr)")
        let document = try JSONParser.parse(bytes: run.stdoutBytes)
        let violations = validator.violations(of: document, against: schema)
        #expect(violations.isEmpty, "\(arguments): \(violations.prefix(5))")
    }

    private func fixtures(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: Fixtures.path(folder)).sorted().map { Fixtures.path(folder + "/" + $0) }
    }

    @Test func scanConforms() throws {
        try conforms(["scan", "--format", "json"] + fixtures("pytorch") + fixtures("misc") + ["/nonexistent/model.pt"],
                     to: "scan-1.json")
        try conforms(["scan", "--format", "json", Fixtures.path("checkpoint")], to: "scan-1.json")
    }

    @Test func checksumConforms() throws {
        try conforms(["checksum", "--json", "--quiet", "--algorithm", "sha256", "--algorithm", "md5", "--algorithm", "etag:5MiB",
                      "--per-tensor", Fixtures.path("gguf/tiny.gguf"), Fixtures.path("checkpoint/tiny-llama"),
                      "/nonexistent/model.bin"], to: "checksum-1.json")
    }

    @Test func validateConforms() throws {
        try conforms(["validate", "--arch", "auto", "--format", "json", Fixtures.path("checkpoint/tiny-llama")], to: "validate-1.json")
        try conforms(["validate", "--arch", "llama3.1-8b", "--format", "json", Fixtures.path("checkpoint/broken-index")],
                     to: "validate-1.json")
    }

    /// Several paths give an array of reports, each one the report schema.
    @Test func inspectOfSeveralPathsConforms() throws {
        let validator = try Self.validator.get()
        let run = try CLITests.run(["inspect", "--json", Fixtures.path("gguf/tiny.gguf"), Fixtures.path("checkpoint/tiny-llama")])
        #expect(run.status == 0, "\(run.stderr)")
        let reports = try #require(try JSONParser.parse(bytes: run.stdoutBytes).arrayValue)
        #expect(reports.count == 2)
        for report in reports {
            let violations = validator.violations(of: report, against: "report-1.json")
            #expect(violations.isEmpty, "\(violations.prefix(5))")
        }
    }
}
