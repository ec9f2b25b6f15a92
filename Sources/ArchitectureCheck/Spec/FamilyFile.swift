import ModelArtifact

/// A parsed family file: the tensor rules every size of a family shares, still as expressions.
struct FamilyFile: Sendable {
    /// One rule before an architecture's dtypes are filled in.
    struct Rule: Sendable {
        let name: String?
        let gguf: String?
        let shape: [ShapeExpression]
        let dtypes: [DType]?
        let unless: String?
        let optional: Bool
    }

    let name: String
    let title: String
    let sources: [String]
    let notes: [String]
    let layers: ShapeExpression
    let derived: [(name: String, value: ShapeExpression)]
    let ggufArchitecture: String?
    let tokenizerFiles: [String]
    let rules: [Rule]
    let sizes: [FamilySize]
    let sizeKeys: [String]
    /// What transformers' config class for this family uses for a key `config.json` leaves out
    /// (plain class defaults only: values derived from other keys are left out, so they stay
    /// unknown). Never taken from a base family: its config class is another one.
    let configDefaults: JSONObject

    /// Most rules a family may have (a guard against a runaway file).
    static let maxRules = 4096

    /// Parses a family object; a `base` family (in `families`) gives its tensor rules first, then
    /// this file's are added (Qwen3 is Llama's layout plus q_norm and k_norm), and its layer count,
    /// derived values, tokenizer files and size keys unless this file gives them.
    init(_ value: JSONValue, families: [String: FamilyFile] = [:]) throws {
        var f = try SpecFields(value, "family")
        name = try f.string("family")
        let context = "family \(name)"
        let base: FamilyFile?
        if let baseName = try f.optionalString("base") {
            guard let known = families[baseName] else { throw SpecError("\(context): unknown base family \"\(baseName)\"") }
            base = known
        } else {
            base = nil
        }
        title = try f.optionalString("title") ?? name
        sources = try f.strings("sources") + (base?.sources ?? [])
        notes = try f.strings("notes")
        layers = try f.optionalString("layers").map(ShapeExpression.init(parsing:)) ?? base?.layers ?? .variable("num_hidden_layers")
        let derived = try f.members("derived").entries.map { key, value in
            guard case .string(let text) = value else { throw SpecError("\(context): derived.\(key) must be an expression string") }
            return (name: key, value: try ShapeExpression(parsing: text))
        }
        self.derived = derived.isEmpty ? base?.derived ?? [] : derived
        ggufArchitecture = try f.optionalString("gguf_architecture")
        let tokenizerFiles = try f.strings("tokenizer_files")
        self.tokenizerFiles = tokenizerFiles.isEmpty ? base?.tokenizerFiles ?? [] : tokenizerFiles
        let rawRules = try f.array("tensors")
        let baseRules = base?.rules ?? []
        guard !(rawRules.isEmpty && baseRules.isEmpty), rawRules.count + baseRules.count <= Self.maxRules else {
            throw SpecError("\(context) must list 1 to \(Self.maxRules) tensors, not \(rawRules.count + baseRules.count)")
        }
        rules = try baseRules + rawRules.enumerated().map { try Self.rule($1, "\(context): tensors[\($0)]") }
        let ownSizeKeys = try f.strings("size_keys")
        let sizeKeys = ownSizeKeys.isEmpty ? base?.sizeKeys ?? [] : ownSizeKeys
        self.sizeKeys = sizeKeys
        sizes = try f.array("sizes").enumerated().map { index, item in
            var s = try SpecFields(item, "\(context): sizes[\(index)]")
            let sizeName = try s.string("name")
            var values: [String: Int64] = [:]
            for key in sizeKeys {
                guard let v = s.value(key) else { continue }
                guard let n = v.intValue else { throw SpecError("\(context): size \(sizeName).\(key) must be an integer") }
                values[key] = n
            }
            try s.finish()
            return FamilySize(name: sizeName, values: values)
        }
        configDefaults = try f.members("config_defaults")
        try f.finish()
    }

    private static func rule(_ value: JSONValue, _ context: String) throws -> Rule {
        var r = try SpecFields(value, context)
        let name = try r.optionalString("name")
        let gguf = try r.optionalString("gguf")
        guard name != nil || gguf != nil else { throw SpecError("\(context) needs a \"name\", a \"gguf\" name or both") }
        let shape = try r.strings("shape").map { try ShapeExpression(parsing: $0) }
        guard r.value("shape") != nil else { throw SpecError("\(context) has no \"shape\"") }
        let dtypeNames = try r.strings("dtype")
        let dtypes = try dtypeNames.isEmpty ? nil : Self.dtypes(dtypeNames, context)
        let unless = try r.optionalString("unless")
        let optional: Bool
        switch r.value("optional") {
        case nil: optional = false
        case .bool(let b)?: optional = b
        case let other?: throw SpecError("\(context).optional must be true or false, not \(other.typeName)")
        }
        for template in [name, gguf].compactMap({ $0 }) where template.contains("{") {
            let stripped = template.replacing(TensorRule.layerPlaceholder, with: "")
            guard !stripped.contains("{") && !stripped.contains("}") else {
                throw SpecError("\(context): \(template) may hold no placeholder but {layer}")
            }
        }
        try r.finish()
        return Rule(name: name, gguf: gguf, shape: shape, dtypes: dtypes, unless: unless, optional: optional)
    }

    /// The dtypes named, each a schema name (`BF16`, `U8`).
    static func dtypes(_ names: [String], _ context: String) throws -> [DType] {
        try names.map { name in
            guard let dtype = DType(name: name) else { throw SpecError("\(context): unknown dtype \"\(name)\"") }
            return dtype
        }
    }
}
