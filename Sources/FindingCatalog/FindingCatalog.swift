import ArchitectureCheck
import FormatProbe
import GGUFReader
import ModelArtifact
import ModelInspector
import ONNXReader
import PTReader
import SyNAPReader
import TFLiteReader

/// Every finding code synap-tool emits, from every module's `FindingCode` enum: the source of the
/// findings reference (`docs/findings.md`) and of the SARIF rules.
///
/// safetensors has no codes: every rule its reader checks is an error that stops the reading.
public enum FindingCatalog {
    /// One code, as the reference and SARIF describe it.
    public struct Rule: Sendable, Equatable {
        /// The stable code (`PT001`).
        public let code: String
        /// How much every finding of the code matters.
        public let severity: Severity
        /// What the code means, in a few words.
        public let title: String
        /// When it is reported.
        public let help: String
    }

    /// The codes of one module, in their declared order.
    public struct Group: Sendable {
        /// What the module reads or checks, as the reference's heading.
        public let name: String
        /// Its codes.
        public let rules: [Rule]

        init<Code: FindingCode>(_ name: String, _ codes: Code.Type) {
            self.name = name
            rules = Code.allCases.map { Rule(code: $0.rawValue, severity: $0.severity, title: $0.title, help: $0.help) }
        }
    }

    /// Every module's codes, in the order the reference lists them.
    public static let groups: [Group] = [
        Group("Format detection", ProbeFindingCode.self),
        Group("Inspection, checkpoint folders and folder scans", InspectorFindingCode.self),
        Group("ZIP containers", ZipFindingCode.self),
        Group("PyTorch and pickles", PTFindingCode.self),
        Group("ONNX", ONNXFindingCode.self),
        Group("TFLite", TFLiteFindingCode.self),
        Group("GGUF", GGUFFindingCode.self),
        Group("SyNAP", SyNAPFindingCode.self),
        Group("Architecture check", ArchitectureFindingCode.self),
    ]

    /// Every code, group by group.
    public static let rules: [Rule] = groups.flatMap(\.rules)

    private static let byCode: [String: Rule] = Dictionary(rules.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })

    /// The rule of `code`, or nil for a code no module emits.
    public static func rule(_ code: String) -> Rule? {
        byCode[code]
    }
}
