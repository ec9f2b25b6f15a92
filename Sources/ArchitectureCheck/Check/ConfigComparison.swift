import ModelArtifact

/// Compares the config values a checkpoint carries (`config.json`, or GGUF metadata) with an
/// architecture's, one finding per value that differs.
struct ConfigComparison {
    /// Other names a key has in newer files (transformers 4.56 writes `dtype` for `torch_dtype`).
    static let aliases: [String: [String]] = ["torch_dtype": ["dtype"]]

    /// How many values were compared.
    private(set) var checked = 0
    /// How many differ or are missing.
    private(set) var disagreements = 0
    /// The differences, worded.
    private(set) var findings: [Finding] = []

    init(spec: ArchitectureSpec, view: CheckpointView) {
        guard let config = view.config else {
            if view.report.format != .hfCheckpoint {  // a folder without config.json already has CKPT009
                findings.append(Finding(ArchitectureFindingCode.noConfig,
                    "the \(view.report.format.rawValue) file carries no config: \(spec.id)'s config values were not checked (tensors were)",
                    location: view.report.path))
            }
            return
        }
        let file = view.configIsPartial ? "GGUF metadata" : "config.json"
        if let expectedArch = spec.ggufArchitecture, let arch = view.ggufArchitecture {
            checked += 1
            if arch != expectedArch {
                disagreements += 1
                findings.append(Finding(ArchitectureFindingCode.configMismatch,
                    "GGUF metadata \(GGUFConfigKeys.architectureKey) is \"\(arch)\"; \(spec.id) is \"\(expectedArch)\"",
                    location: view.configFile))
            }
        }
        for expectation in spec.config {
            let key = expectation.key
            guard let found = ([key] + (Self.aliases[key] ?? [])).lazy.compactMap({ config[$0] }).first else {
                guard expectation.level == .required && !view.configIsPartial else { continue }
                // transformers fills an absent key with its config class's default: compare that value.
                if let fallback = spec.configDefaults[key] {
                    checked += 1
                    if expectation.expected.accepts(fallback) {
                        findings.append(Finding(ArchitectureFindingCode.configDefaulted,
                            "\(file) has no \(key); transformers uses its default \(ExpectedValue.describe(fallback)), which is \(spec.id)'s",
                            location: view.configFile))
                        continue
                    }
                    disagreements += 1
                    findings.append(Finding(ArchitectureFindingCode.configMissing,
                        "\(file) has no \(key); transformers would use its default \(ExpectedValue.describe(fallback)), but \(spec.id) has \(expectation.expected.text)",
                        location: view.configFile))
                    continue
                }
                disagreements += 1
                findings.append(Finding(ArchitectureFindingCode.configMissing,
                    "\(file) has no \(key); \(spec.id) has \(expectation.expected.text)", location: view.configFile))
                continue
            }
            checked += 1
            guard !expectation.expected.accepts(found.value) else { continue }
            disagreements += 1
            let code: ArchitectureFindingCode = expectation.level == .warning ? .configDiffersTolerated : .configMismatch
            let named = found.source == "config.json" ? "config.json \(key)" : "GGUF metadata \(found.source) (\(key))"
            findings.append(Finding(code, named + Self.difference(found.value, expectation.expected, spec.id),
                                         location: view.configFile))
        }
    }

    /// ` is 10000.0; llama3.1-8b has 500000.0`; for arrays of the same length, the first entry that
    /// differs (`[0] is "full_attention"; gpt-oss-120b has "sliding_attention" (18 entries differ)`).
    static func difference(_ found: JSONValue, _ expected: ExpectedValue, _ id: String) -> String {
        if case .array(let items) = found, case .exact(.array(let wanted)) = expected, items.count == wanted.count,
           let first = items.indices.first(where: { !items[$0].isSameJSON(as: wanted[$0]) }) {
            let count = items.indices.filter { !items[$0].isSameJSON(as: wanted[$0]) }.count
            return "[\(first)] is \(ExpectedValue.describe(items[first])); \(id) has \(ExpectedValue.describe(wanted[first]))"
                + (count > 1 ? " (\(count) of \(items.count) entries differ)" : "")
        }
        return " is \(ExpectedValue.describe(found)); \(id) has \(expected.text)"
    }
}
