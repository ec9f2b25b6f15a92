import ModelArtifact
import ModelInspector

/// A report seen the way the checker compares it: tensors by name with PyTorch-order shapes, the
/// naming they use, and the config values the report carries. Built from the report alone, so any
/// reader's report (checkpoint folder, safetensors, GGUF, PyTorch state_dict) can be checked.
struct CheckpointView {
    /// A tensor of the checkpoint.
    struct Found {
        let dtype: DType
        /// The shape in PyTorch order; nil when a dimension is not a known size.
        let shape: [Int64]?
        /// The file that holds it (a shard of a folder), relative to the report's path.
        let file: String?
    }

    /// A config value and where it was read.
    struct ConfigValue {
        let value: JSONValue
        /// `config.json` or the GGUF key (`llama.rope.freq_base`).
        let source: String
    }

    let report: ModelReport
    let naming: TensorNaming
    /// Name (prefix removed) → tensor.
    let tensors: [String: Found]
    /// Names in the report's order (prefix removed).
    let names: [String]
    /// A prefix every compared name carried and was stripped of (`module.`), if any.
    let strippedPrefix: String?
    /// Config values by `config.json` key (dotted for nested), nil when the report carries none.
    let config: [String: ConfigValue]?
    /// True when the config comes from GGUF metadata, which holds only some keys: absent ones are not errors.
    let configIsPartial: Bool
    /// The file config findings point at.
    let configFile: String

    /// The view of `report`, with names compared against `expected` to find a stripped prefix.
    init(_ report: ModelReport, expected: Set<String>) {
        self.report = report
        naming = report.format == .gguf ? .gguf : .huggingFace
        let raw = report.tensors ?? []
        let prefix = naming == .huggingFace ? Self.prefix(of: raw.map(\.name), expected: expected) : nil
        strippedPrefix = prefix
        var tensors: [String: Found] = [:]
        var names: [String] = []
        for tensor in raw {
            var name = tensor.name
            if let prefix, name.hasPrefix(prefix) { name = String(name.dropFirst(prefix.count)) }
            guard tensors[name] == nil else { continue }
            var shape: [Int64]? = tensor.shape.map { if case .size(let n) = $0 { return n } else { return -1 } }
            if shape?.contains(-1) == true { shape = nil }
            if naming == .gguf { shape = shape.map { Array($0.reversed()) } }
            tensors[name] = Found(dtype: tensor.dtype, shape: shape, file: tensor.file)
            names.append(name)
        }
        self.tensors = tensors
        self.names = names

        switch report.format {
        case .gguf:
            config = GGUFConfigKeys.config(of: report).mapValues { ConfigValue(value: $0.value, source: $0.source) }
            configIsPartial = true
            configFile = report.path
        case .hfCheckpoint where Self.hasConfigFile(report):
            config = (report.metadata ?? [:]).reduce(into: [:]) { $0[$1.key] = ConfigValue(value: $1.value, source: "config.json") }
            configIsPartial = false
            configFile = FolderListing.join(report.path, "config.json")
        default:
            config = nil
            configIsPartial = false
            configFile = report.path
        }
    }

    /// The path a finding about `file` (relative to the report's path) points at.
    func location(_ file: String?) -> String {
        guard let file, report.format == .hfCheckpoint else { return report.path }
        return FolderListing.join(report.path, file)
    }

    /// The GGUF `general.architecture`, when the report is a GGUF file that has one.
    var ggufArchitecture: String? {
        guard naming == .gguf, case .string(let arch)? = report.metadata?[GGUFConfigKeys.architectureKey] else { return nil }
        return arch
    }

    private static func hasConfigFile(_ report: ModelReport) -> Bool {
        report.section(CheckpointSection.self)?.config != nil
    }

    /// A prefix to strip (`module.`, `model_state.`) when stripping it makes more names match than
    /// leaving them be: state_dicts saved from a wrapper carry one.
    static func prefix(of names: [String], expected: Set<String>) -> String? {
        guard !expected.isEmpty else { return nil }
        var direct = 0
        var candidates: [String: Int] = [:]
        for name in names {
            if expected.contains(name) { direct += 1; continue }
            var index = name.startIndex
            var looked = 0
            while let dot = name[index...].firstIndex(of: "."), looked < 8 {
                looked += 1
                let rest = name[name.index(after: dot)...]
                if expected.contains(String(rest)) {
                    candidates[String(name[...dot]), default: 0] += 1
                    break
                }
                index = name.index(after: dot)
            }
        }
        guard let best = candidates.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }),
              best.value > direct else { return nil }
        return best.key
    }
}
