import ModelArtifact

/// Summarises `config.json` for a report's metadata: scalars and arrays of scalars as they are,
/// nested objects flattened to dotted keys (`rope_scaling.factor`), nulls left out.
enum ConfigSummary {
    /// Deepest nesting flattened; deeper objects are left out.
    static let maxDepth = 4

    static func flatten(_ object: JSONObject) -> JSONObject {
        var out = JSONObject()
        add(object, prefix: "", depth: 0, into: &out)
        return out
    }

    private static func add(_ object: JSONObject, prefix: String, depth: Int, into out: inout JSONObject) {
        for (key, value) in object {
            let name = prefix.isEmpty ? key : "\(prefix).\(key)"
            switch value {
            case .null:
                continue
            case .object(let inner):
                if depth < maxDepth { add(inner, prefix: name, depth: depth + 1, into: &out) }
            case .array(let items):
                if items.allSatisfy({ if case .object = $0 { return false }; if case .array = $0 { return false }; return true }) {
                    out[name] = value
                }
            default:
                out[name] = value
            }
        }
    }
}
