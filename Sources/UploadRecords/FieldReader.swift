import ModelArtifact

/// Reads one JSON object of a body against its schema, collecting pydantic-worded issues instead
/// of stopping at the first. Types are strict: a field typed string takes a JSON string, nothing else.
struct FieldReader {
    let object: JSONObject
    let location: [ValidationIssue.Step]
    private(set) var issues: [ValidationIssue] = []
    private var known: Set<String> = []

    /// A reader of `value`, which must be an object (a `model_type` issue otherwise, and nil).
    init?(_ value: JSONValue, at location: [ValidationIssue.Step], model: String, issues: inout [ValidationIssue]) {
        guard case .object(let object) = value else {
            issues.append(ValidationIssue(location, type: "model_type",
                                          message: "Input should be a valid dictionary or instance of \(model)", input: value))
            return nil
        }
        self.object = object
        self.location = location
    }

    private func at(_ key: String) -> [ValidationIssue.Step] { location + [.key(key)] }

    /// The raw value of `key`; nil (and a `missing` issue when `required`) when absent.
    mutating func value(_ key: String, required: Bool) -> JSONValue? {
        known.insert(key)
        guard let v = object[key] else {
            if required { issues.append(.missing(at(key))) }
            return nil
        }
        return v
    }

    /// A string, checked against `pattern`; JSON null is absent when `nullable`.
    mutating func string(_ key: String, required: Bool, nullable: Bool = false, pattern: FieldPattern? = nil) -> String? {
        guard let v = value(key, required: required) else { return nil }
        if nullable, case .null = v { return nil }
        return string(v, at: at(key), pattern: pattern)
    }

    /// `v` as a string matching `pattern`, or nil with an issue.
    mutating func string(_ v: JSONValue, at place: [ValidationIssue.Step], pattern: FieldPattern?) -> String? {
        guard case .string(let s) = v else {
            issues.append(ValidationIssue(place, type: "string_type", message: "Input should be a valid string", input: v))
            return nil
        }
        if let pattern, !pattern.matches(s) {
            issues.append(.pattern(place, pattern, s))
            return nil
        }
        return s
    }

    /// An array of strings, each checked against `pattern`; JSON null is absent when `nullable`.
    mutating func strings(_ key: String, required: Bool, nullable: Bool = false, pattern: FieldPattern? = nil) -> [String]? {
        guard let v = value(key, required: required) else { return nil }
        if nullable, case .null = v { return nil }
        guard case .array(let items) = v else {
            issues.append(ValidationIssue(at(key), type: "list_type", message: "Input should be a valid list", input: v))
            return nil
        }
        let strings = items.enumerated().map { string($1, at: at(key) + [.index($0)], pattern: pattern) }
        return strings.contains(nil) ? nil : strings.compactMap { $0 }
    }

    /// A boolean.
    mutating func bool(_ key: String, required: Bool) -> Bool? {
        guard let v = value(key, required: required) else { return nil }
        guard case .bool(let b) = v else {
            issues.append(ValidationIssue(at(key), type: "bool_type", message: "Input should be a valid boolean", input: v))
            return nil
        }
        return b
    }

    /// An integer.
    mutating func int(_ key: String, required: Bool) -> Int64? {
        guard let v = value(key, required: required) else { return nil }
        switch v {
        case .int(let n): return n
        default:
            issues.append(ValidationIssue(at(key), type: "int_type", message: "Input should be a valid integer", input: v))
            return nil
        }
    }

    /// One of an enumeration's raw values.
    mutating func choice<E: RawRepresentable & CaseIterable>(_ key: String, required: Bool, _: E.Type) -> E?
    where E.RawValue == String {
        guard let v = value(key, required: required) else { return nil }
        if case .string(let s) = v, let e = E(rawValue: s) { return e }
        let names = E.allCases.map { "'\($0.rawValue)'" }
        let list = names.dropLast().joined(separator: ", ") + (names.count > 1 ? " or " : "") + (names.last ?? "")
        issues.append(ValidationIssue(at(key), type: "enum", message: "Input should be \(list)", input: v))
        return nil
    }

    /// Adds issues found elsewhere (a nested object's), in body order.
    mutating func append(_ more: [ValidationIssue]) {
        issues += more
    }

    /// Adds an `extra_forbidden` issue for every member not read (schemas with `additionalProperties: false`).
    mutating func forbidExtra() {
        for (key, value) in object where !known.contains(key) { issues.append(.extra(at(key), value)) }
    }
}
