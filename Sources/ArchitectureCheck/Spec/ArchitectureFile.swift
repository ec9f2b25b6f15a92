import ModelArtifact

/// An architecture file: its config values, its family (named, or given inline as a family
/// object), the dtypes its tensors default to, and optionally a `base` architecture whose config
/// values and dtypes it starts from (a size of a family overriding only what differs).
struct ArchitectureFile {
    /// The most entries a `repeat` expectation may expand to.
    static let maxRepeat = 4096
    /// The most tensors an inventory may hold (rules × layers).
    static let maxTensors = 1_000_000
    /// The most dimensions a tensor rule may have.
    static let maxRank = 16
    /// The config members and how each is checked.
    static let levels: [(member: String, level: ConfigExpectation.Level)] = [
        ("config", .required), ("config_optional", .optional), ("config_warn", .warning),
    ]

    /// How the file names its family.
    enum FamilyReference {
        case named(String)
        case inline(JSONValue)
    }

    let id: String
    let base: String?
    private(set) var family: FamilyReference?
    let title: String?
    let sources: [String]
    let notes: [String]
    private(set) var dtypes: [DType]
    let tensorCount: Int?
    let totalBytes: Int?
    /// Config entries in file order: key, value as written, level.
    private(set) var config: [(key: String, raw: JSONValue, level: ConfigExpectation.Level)]

    /// Reads the file's members (nothing resolved yet).
    init(_ value: JSONValue) throws {
        var a = try SpecFields(value, "architecture")
        id = try a.string("id")
        base = try a.optionalString("base")
        switch a.value("family") {
        case .string(let name)?: family = .named(name)
        case let inline?: family = .inline(inline)
        case nil: family = nil
        }
        title = try a.optionalString("title")
        sources = try a.strings("sources")
        notes = try a.strings("notes")
        dtypes = try FamilyFile.dtypes(a.strings("dtype"), id)
        tensorCount = try a.optionalInt("tensor_count")
        totalBytes = try a.optionalInt("total_bytes")
        config = try Self.levels.flatMap { member, level in
            try a.members(member).entries.map { ($0.key, $0.value, level) }
        }
        try a.finish()
    }

    /// This file on top of `base`: the base's config entries (those this file redefines replaced in
    /// place), then this file's new ones; the base's family and dtypes unless this file gives them.
    func inheriting(from base: ArchitectureFile) -> ArchitectureFile {
        var merged = self
        merged.family = family ?? base.family
        merged.dtypes = dtypes.isEmpty ? base.dtypes : dtypes
        let own = Dictionary(config.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        merged.config = base.config.map { own[$0.key] ?? $0 } + config.filter { entry in !base.config.contains { $0.key == entry.key } }
        return merged
    }

    /// The spec, with its family resolved in `families`.
    func spec(families: [String: FamilyFile]) throws -> ArchitectureSpec {
        let context = id
        let family: FamilyFile
        switch self.family {
        case .named(let name)?:
            guard let known = families[name] else {
                throw SpecError("\(context): unknown family \"\(name)\" (known: \(families.keys.sorted().joined(separator: ", ")))")
            }
            family = known
        case .inline(let inline)?:
            family = try FamilyFile(inline, families: families)
        case nil:
            throw SpecError("\(context) has no \"family\"")
        }
        let defaultDTypes = dtypes

        // Values first (any order in the file), then expectations, which may use them (`repeat`'s count).
        var values: [String: Int64] = [:]
        var flags: [String: Bool] = [:]
        for (key, raw, _) in config {
            if case .int(let n) = raw { values[key] = values[key] ?? n }
            if case .bool(let b) = raw { flags[key] = flags[key] ?? b }
        }
        let config = try self.config.map { key, raw, level in
            let member = Self.levels.first { $0.level == level }?.member ?? "config"
            return ConfigExpectation(key: key, expected: try Self.expectation(raw, "\(context): \(member).\(key)", values: values),
                                     level: level)
        }

        for (name, expression) in family.derived where values[name] == nil {
            guard let n = expression.evaluate(values) else {
                throw SpecError("\(context): cannot derive \(name) = \(expression) from the config values")
            }
            values[name] = n
        }
        guard let layers = family.layers.evaluate(values), layers >= 0, layers <= 100_000 else {
            throw SpecError("\(context): the layer count \(family.layers) has no value in 0…100000")
        }
        let perLayer = family.rules.filter { [$0.name, $0.gguf].contains { $0?.contains(TensorRule.layerPlaceholder) == true } }.count
        guard perLayer * Int(layers) + family.rules.count <= Self.maxTensors else {
            throw SpecError("\(context): \(perLayer) rules over \(layers) layers make more than \(Self.maxTensors) tensors")
        }
        let rules = try family.rules.map { rule in
            let label = rule.name ?? rule.gguf ?? "?"
            guard rule.shape.count <= Self.maxRank else { throw SpecError("\(context): \(label) has more than \(Self.maxRank) dimensions") }
            for dim in rule.shape {
                guard let size = dim.evaluate(values) else {
                    throw SpecError("\(context): the shape of \(label) has \(dim), which the config values do not give")
                }
                guard size >= 0 else { throw SpecError("\(context): the shape of \(label) has \(dim) = \(size), below 0") }
            }
            let dtypes = rule.dtypes ?? defaultDTypes
            guard !dtypes.isEmpty else { throw SpecError("\(context): \(label) has no dtype and the architecture no \"dtype\"") }
            return TensorRule(name: rule.name, gguf: rule.gguf, shape: rule.shape, dtypes: dtypes, unless: rule.unless,
                              optional: rule.optional)
        }
        let sizeKeys = family.sizeKeys.isEmpty ? ["hidden_size", "num_hidden_layers"] : family.sizeKeys
        return ArchitectureSpec(
            id: id, title: title ?? id, family: family.name, sources: sources + family.sources, notes: notes + family.notes,
            layerCount: Int(layers), rules: rules, config: config, values: values, flags: flags,
            ggufArchitecture: family.ggufArchitecture, tokenizerFiles: family.tokenizerFiles,
            familySizes: family.sizes, sizeKeys: sizeKeys, tensorCount: tensorCount, totalBytes: totalBytes,
            configDefaults: family.configDefaults)
    }

    /// A config expectation: a plain value, `{"any_of": [...]}`, or `{"repeat": [...], "count": "expr"}`
    /// (the items repeated to `count` entries: `layer_types` alternating sliding and full attention).
    static func expectation(_ raw: JSONValue, _ context: String, values: [String: Int64]) throws -> ExpectedValue {
        guard case .object = raw else { return .exact(raw) }
        var f = try SpecFields(raw, context)
        if case .array(let options)? = f.value("any_of") {
            try f.finish()
            guard !options.isEmpty else { throw SpecError("\(context): any_of is empty") }
            return .anyOf(options)
        }
        let pattern = try f.array("repeat")
        let countText = try f.optionalString("count")
        try f.finish()
        guard !pattern.isEmpty, let countText else {
            throw SpecError("\(context): an object value must be {\"any_of\": [...]} or {\"repeat\": [...], \"count\": \"…\"}; write nested keys dotted (rope_scaling.factor)")
        }
        let count = try ShapeExpression(parsing: countText)
        guard let n = count.evaluate(values), n >= 0, n <= maxRepeat else {
            throw SpecError("\(context): count \(countText) has no value in 0…\(maxRepeat) (give the values it uses first)")
        }
        return .exact(.array((0..<Int(n)).map { pattern[$0 % pattern.count] }))
    }
}
