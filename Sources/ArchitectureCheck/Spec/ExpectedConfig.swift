import ModelArtifact

extension ArchitectureSpec {
    /// The config values the architecture checks, nested as `config.json` nests them
    /// (`rope_scaling.factor` inside `rope_scaling`); for `any_of`, the first value. Not a whole
    /// `config.json`: only what this file states.
    public var expectedConfig: JSONValue { expectedConfig(levels: [.required, .optional, .warning]) }

    /// The values of the expectations at `levels`, nested as `config.json` nests them.
    public func expectedConfig(levels: Set<ConfigExpectation.Level>) -> JSONValue {
        var root = JSONObject()
        for expectation in config where levels.contains(expectation.level) {
            let value: JSONValue
            switch expectation.expected {
            case .exact(let v): value = v
            case .anyOf(let options): value = options[0]
            }
            Self.insert(value, at: expectation.key.split(separator: ".").map(String.init)[...], into: &root)
        }
        return .object(root)
    }

    private static func insert(_ value: JSONValue, at path: ArraySlice<String>, into object: inout JSONObject) {
        guard let key = path.first else { return }
        if path.count == 1 {
            object[key] = value
            return
        }
        var inner = object[key]?.objectValue ?? JSONObject()
        insert(value, at: path.dropFirst(), into: &inner)
        object[key] = .object(inner)
    }
}
