import ModelArtifact

/// A named architecture as the checker uses it: its family's tensor rules with this size's config
/// values filled in. Built from an architecture file and its family file (schema in docs/cli.md, "The architecture registry").
public struct ArchitectureSpec: Sendable {
    /// The id users pass to `--arch` and the upload API's `model_arch_id` (`llama3.1-8b`).
    public let id: String
    /// A readable name (`Llama 3.1 8B`).
    public let title: String
    /// The family whose tensor rules it uses (`llama`).
    public let family: String
    /// Where the facts come from: the architecture's sources, then its family's.
    public let sources: [String]
    /// What is uncertain or worth knowing, in words.
    public let notes: [String]
    /// How many layers `{layer}` runs over.
    public let layerCount: Int
    /// The tensor inventory as rules.
    public let rules: [TensorRule]
    /// The `config.json` values compared.
    public let config: [ConfigExpectation]
    /// Integer values by name (config values and derived ones), for shape expressions.
    public let values: [String: Int64]
    /// Boolean config values by name (`tie_word_embeddings`), for rules' `unless`.
    public let flags: [String: Bool]
    /// The `general.architecture` of this family's GGUF files, when it has them.
    public let ggufArchitecture: String?
    /// Files a complete checkpoint folder has beside the weights (tokenizer).
    public let tokenizerFiles: [String]
    /// Other published sizes of the family, for "this looks like …".
    public let familySizes: [FamilySize]
    /// The config keys that tell sizes of the family apart.
    public let sizeKeys: [String]
    /// The published number of tensors, when the file states it (checked by the tests).
    public let tensorCount: Int?
    /// The published `metadata.total_size`, when the file states it (checked by the tests).
    public let totalBytes: Int?
    /// The value transformers uses for a config key that `config.json` leaves out (its config
    /// class's default), where the family file states it.
    public let configDefaults: JSONObject

    /// Creates a spec (the parser and tests use this; users write JSON).
    public init(id: String, title: String, family: String, sources: [String], notes: [String], layerCount: Int,
                rules: [TensorRule], config: [ConfigExpectation], values: [String: Int64], flags: [String: Bool],
                ggufArchitecture: String?, tokenizerFiles: [String], familySizes: [FamilySize], sizeKeys: [String],
                tensorCount: Int?, totalBytes: Int?, configDefaults: JSONObject = [:]) {
        self.id = id
        self.title = title
        self.family = family
        self.sources = sources
        self.notes = notes
        self.layerCount = layerCount
        self.rules = rules
        self.config = config
        self.values = values
        self.flags = flags
        self.ggufArchitecture = ggufArchitecture
        self.tokenizerFiles = tokenizerFiles
        self.familySizes = familySizes
        self.sizeKeys = sizeKeys
        self.tensorCount = tensorCount
        self.totalBytes = totalBytes
        self.configDefaults = configDefaults
    }

    /// This architecture's values of the size keys, as a family size.
    public var ownSize: FamilySize {
        FamilySize(name: id, values: sizeKeys.reduce(into: [:]) { $0[$1] = values[$1] })
    }
}

/// One line of a tensor inventory: a name (with `{layer}` for each layer), its shape as expressions,
/// the dtypes allowed.
public struct TensorRule: Sendable, Equatable {
    /// The Hugging Face (safetensors, PyTorch) name template; nil for a tensor only GGUF files have.
    public let name: String?
    /// The GGUF name template; nil for a tensor GGUF files do not have under one name.
    public let gguf: String?
    /// The shape in PyTorch order (GGUF's `ne` reversed).
    public let shape: [ShapeExpression]
    /// The dtypes allowed (checked for Hugging Face naming; GGUF files choose their own quantization).
    public let dtypes: [DType]
    /// A boolean config key that, when true, removes the tensor (`tie_word_embeddings` for `lm_head`).
    public let unless: String?
    /// True when the tensor may be absent (checked only when present).
    public let optional: Bool

    /// Creates a rule.
    public init(name: String?, gguf: String?, shape: [ShapeExpression], dtypes: [DType], unless: String? = nil,
                optional: Bool = false) {
        self.name = name
        self.gguf = gguf
        self.shape = shape
        self.dtypes = dtypes
        self.unless = unless
        self.optional = optional
    }

    /// The placeholder a per-layer template holds.
    public static let layerPlaceholder = "{layer}"

    /// The template for `naming`, if the rule has one there.
    public func template(_ naming: TensorNaming) -> String? {
        naming == .gguf ? gguf : name
    }

    /// A template's parts around `{layer}`, or nil when it has none.
    static func parts(_ template: String) -> (prefix: Substring, suffix: Substring)? {
        guard let range = template.utf8.firstRange(of: layerPlaceholder.utf8) else { return nil }
        return (template[..<range.lowerBound], template[range.upperBound...])
    }

    /// `template` with `{layer}` replaced by `layer`.
    static func expand(_ template: String, layer: Int) -> String {
        guard let (prefix, suffix) = parts(template) else { return template }
        return prefix + String(layer) + suffix
    }
}

/// Which names a checkpoint uses.
public enum TensorNaming: String, Sendable {
    /// Hugging Face / PyTorch names (`model.layers.0.self_attn.q_proj.weight`).
    case huggingFace = "hf"
    /// GGUF names (`blk.0.attn_q.weight`).
    case gguf
}

/// A `config.json` value the architecture has, and how much a difference matters.
public struct ConfigExpectation: Sendable, Equatable {
    /// How a key is checked.
    public enum Level: String, Sendable {
        /// Must be present and equal (error otherwise).
        case required
        /// Must be equal when present (error); may be absent.
        case optional
        /// Should be equal when present (warning).
        case warning
    }

    /// The key, dotted for nested objects (`rope_scaling.factor`), as the report's metadata flattens them.
    public let key: String
    /// The value expected.
    public let expected: ExpectedValue
    /// How it is checked.
    public let level: Level

    /// Creates an expectation.
    public init(key: String, expected: ExpectedValue, level: Level) {
        self.key = key
        self.expected = expected
        self.level = level
    }
}

/// A value an architecture expects.
public enum ExpectedValue: Sendable, Equatable {
    /// Exactly this value (numbers compare by value: `500000` equals `500000.0`).
    case exact(JSONValue)
    /// Any of these (where the published files differ, or a fact is uncertain).
    case anyOf([JSONValue])

    /// True when `value` is acceptable.
    public func accepts(_ value: JSONValue) -> Bool {
        switch self {
        case .exact(let expected): return expected.isSameJSON(as: value)
        case .anyOf(let options): return options.contains { $0.isSameJSON(as: value) }
        }
    }

    /// The value in JSON, for messages and JSON output.
    public var json: JSONValue {
        switch self {
        case .exact(let value): return value
        case .anyOf(let options): return .object(["any_of": .array(options)])
        }
    }

    /// The value as a person reads it in a message.
    public var text: String {
        switch self {
        case .exact(let value): return ExpectedValue.describe(value)
        case .anyOf(let options): return "one of " + options.map(ExpectedValue.describe).joined(separator: ", ")
        }
    }

    /// Compact JSON text of `value`, shortened when long.
    static func describe(_ value: JSONValue) -> String {
        let text = JSONWriter.string(value, style: .compact)
        return text.count <= 120 ? text : String(text.prefix(117)) + "…"
    }
}

/// One size of a family: a name and the values of the family's size keys.
public struct FamilySize: Sendable, Equatable {
    /// The size's name (`llama-3.1-70b`).
    public let name: String
    /// Size key → value.
    public let values: [String: Int64]

    /// Creates a size.
    public init(name: String, values: [String: Int64]) {
        self.name = name
        self.values = values
    }
}
