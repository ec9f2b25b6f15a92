import Foundation
import ModelArtifact
import ModelInspector
import Testing
import TestSupport

/// The published report schema (`docs/schema/report-1.json`) describes what `inspect --json` writes:
/// every corpus file's report and every fixture's validate against it, and so do the reference's
/// expected reports (which leave out `findings` and add their `notes`).
@Suite struct ReportSchemaTests {
    static let schemas = Fixtures.packageRoot + "/docs/schema"

    @Test(arguments: ConformanceTests.cases) func corpusReportConforms(_ item: Corpus.Case) throws {
        let validator = try JSONSchemaValidator(folder: Self.schemas)
        let report = try ModelInspector.inspect(path: item.path)
        let violations = validator.violations(of: report.json, against: "report-1.json")
        #expect(violations.isEmpty, "\(item): \(violations.prefix(5))")
    }

    @Test(arguments: ConformanceTests.cases) func expectedReportConforms(_ item: Corpus.Case) throws {
        let validator = try JSONSchemaValidator(folder: Self.schemas)
        var expected = item.expected
        for key in ConformanceTests.generatorMembers where key != "path" { expected[key] = nil }
        expected["findings"] = expected["findings"] ?? .array([])
        let violations = validator.violations(of: .object(expected), against: "report-1.json")
        #expect(violations.isEmpty, "\(item): \(violations.prefix(5))")
    }

    @Test func fixtureReportsConform() throws {
        let validator = try JSONSchemaValidator(folder: Self.schemas)
        let root = Fixtures.packageRoot + "/Fixtures"
        var paths = ["checkpoint/tiny-llama", "checkpoint/tiny-bin", "checkpoint/broken-index"].map { root + "/" + $0 }
        for folder in ["gguf", "onnx", "pytorch", "safetensors", "synap", "tflite", "misc"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: root + "/" + folder).sorted() {
                paths.append(root + "/" + folder + "/" + name)
            }
        }
        var checked = 0
        for path in paths {
            guard let report = try? ModelInspector.inspect(path: path) else { continue }
            checked += 1
            let violations = validator.violations(of: report.json, against: "report-1.json")
            #expect(violations.isEmpty, "\(path): \(violations.prefix(5))")
        }
        #expect(checked > 20)
    }

    /// One fact in one place: the schema's format names are ModelFormat's.
    @Test func formatNamesAreModelFormat() throws {
        let validator = try JSONSchemaValidator(folder: Self.schemas)
        let names = validator.schema("report-1.json")?.objectValue?["$defs"]?.objectValue?["format"]?.objectValue?["enum"]?
            .arrayValue?.compactMap(\.stringValue)
        #expect(names == ModelFormat.allCases.map(\.rawValue))
    }

    /// The validator is not a rubber stamp: each kind of damage is caught.
    @Test func violationsAreFound() throws {
        let validator = try JSONSchemaValidator(folder: Self.schemas)
        let good = ModelReport(path: "x", format: .onnx, size: 1).json
        #expect(validator.violations(of: good, against: "report-1.json").isEmpty)
        guard case .object(let base) = good else { Issue.record("not an object"); return }
        var damaged: [JSONObject] = []
        var missing = base; missing["size"] = nil; damaged.append(missing)
        var extra = base; extra["surprise"] = .int(1); damaged.append(extra)
        var negative = base; negative["size"] = .int(-1); damaged.append(negative)
        var format = base; format["format"] = .string("keras"); damaged.append(format)
        var schema = base; schema["schema"] = .string("synap-tool.report/2"); damaged.append(schema)
        var finding = base
        finding["findings"] = .array([.object(["severity": .string("fatal"), "code": .string("X1"), "message": .string("m")])])
        damaged.append(finding)
        var verdict = base; verdict["verdict"] = .string("probably-fine"); damaged.append(verdict)
        var shape = base
        shape["tensors"] = .array([.object(["name": .string("w"), "dtype": .string("F32"), "shape": .array([.bool(true)])])])
        damaged.append(shape)
        for (i, object) in damaged.enumerated() {
            #expect(!validator.violations(of: .object(object), against: "report-1.json").isEmpty, "damage \(i) passed")
        }
    }
}
