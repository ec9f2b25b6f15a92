import Foundation
import ModelArtifact

/// A JSON Schema (draft 2020-12) validator for the keywords synap-tool's published schemas use
/// (`docs/schema/*.json`): `type`, `const`, `enum`, `properties`, `required`, `additionalProperties`,
/// `items`, `minimum`, `maximum`, `pattern`, `oneOf`, `anyOf` and `$ref` (inside a schema, or to a
/// sibling file by name). A keyword it does not know fails the validation, so a schema cannot use
/// one whose meaning this validator would silently skip. `.ci/run` checks the same outputs with
/// Python's `jsonschema` as a second opinion.
public struct JSONSchemaValidator: Sendable {
    /// One way a document breaks its schema.
    public struct Violation: CustomStringConvertible, Sendable {
        /// Where in the document: `/files/3/verdict`.
        public let pointer: String
        /// The rule broken.
        public let message: String
        public var description: String { "\(pointer.isEmpty ? "/" : pointer): \(message)" }
    }

    /// Schemas by file name (`report-1.json`), for references between them.
    private let schemas: [String: JSONValue]

    private static let annotations: Set<String> = ["$schema", "$id", "$defs", "title", "description"]
    private static let known: Set<String> = annotations.union([
        "type", "const", "enum", "properties", "required", "additionalProperties", "items", "minimum", "maximum",
        "pattern", "oneOf", "anyOf", "$ref",
    ])

    /// Loads every `*.json` in `folder` (the published schemas).
    public init(folder: String) throws {
        var schemas: [String: JSONValue] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".json") {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
            schemas[name] = try JSONParser.parse(bytes: [UInt8](bytes), name: name)
        }
        self.schemas = schemas
    }

    /// The schema files loaded, by name.
    public var names: [String] { schemas.keys.sorted() }

    /// The schema named `name` (`report-1.json`).
    public func schema(_ name: String) -> JSONValue? { schemas[name] }

    /// Every violation of `document` against the schema file `name`; empty when it conforms.
    public func violations(of document: JSONValue, against name: String) -> [Violation] {
        guard let root = schemas[name] else { return [Violation(pointer: "", message: "no schema \(name)")] }
        var out: [Violation] = []
        check(document, root, file: name, pointer: "", into: &out)
        return out
    }

    private func check(_ value: JSONValue, _ schema: JSONValue, file: String, pointer: String, into out: inout [Violation]) {
        func fail(_ message: String) { out.append(Violation(pointer: pointer, message: message)) }
        if case .bool(let allowed) = schema {
            if !allowed { fail("no value is allowed here") }
            return
        }
        guard let s = schema.objectValue else { return fail("schema is not an object in \(file)") }
        for (key, _) in s where !Self.known.contains(key) { fail("schema keyword \(key) is not supported by this validator") }

        if let ref = s["$ref"]?.stringValue {
            guard let (target, targetFile) = resolve(ref, from: file) else { return fail("unresolved $ref \(ref)") }
            check(value, target, file: targetFile, pointer: pointer, into: &out)
        }
        if let type = s["type"] {
            let names = type.arrayValue?.compactMap(\.stringValue) ?? [type.stringValue ?? ""]
            if !names.contains(where: { Self.matches(value, type: $0) }) { fail("expected \(names.joined(separator: " or ")), found \(value.typeName)") }
        }
        if let constant = s["const"], !value.isSameJSON(as: constant) { fail("expected the constant \(JSONWriter.string(constant))") }
        if let options = s["enum"]?.arrayValue, !options.contains(where: { value.isSameJSON(as: $0) }) {
            fail("\(JSONWriter.string(value)) is not one of \(JSONWriter.string(.array(options)))")
        }
        if let number = value.doubleValue {
            if let minimum = s["minimum"]?.doubleValue, number < minimum { fail("\(number) is below the minimum \(minimum)") }
            if let maximum = s["maximum"]?.doubleValue, number > maximum { fail("\(number) is above the maximum \(maximum)") }
        }
        if let pattern = s["pattern"]?.stringValue, let text = value.stringValue {
            if let regex = try? Regex(pattern) {
                if (try? regex.firstMatch(in: text)) == nil { fail("\"\(text)\" does not match \(pattern)") }
            } else {
                fail("invalid pattern \(pattern)")
            }
        }
        if let object = value.objectValue {
            let properties = s["properties"]?.objectValue ?? [:]
            for name in s["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where object[name] == nil {
                fail("required member \(name) is missing")
            }
            for (key, member) in object {
                let at = pointer + "/" + key
                if let sub = properties[key] {
                    check(member, sub, file: file, pointer: at, into: &out)
                } else if let extra = s["additionalProperties"] {
                    if case .bool(false) = extra {
                        out.append(Violation(pointer: at, message: "member \(key) is not allowed"))
                    } else {
                        check(member, extra, file: file, pointer: at, into: &out)
                    }
                }
            }
        }
        if let items = s["items"], let array = value.arrayValue {
            for (i, item) in array.enumerated() { check(item, items, file: file, pointer: pointer + "/\(i)", into: &out) }
        }
        for (keyword, exactlyOne) in [("oneOf", true), ("anyOf", false)] {
            guard let branches = s[keyword]?.arrayValue else { continue }
            let passing = branches.filter { branch in
                var trial: [Violation] = []
                check(value, branch, file: file, pointer: pointer, into: &trial)
                return trial.isEmpty
            }.count
            if exactlyOne ? passing != 1 : passing == 0 { fail("\(passing) of the \(keyword) branches match") }
        }
    }

    /// `#/$defs/x` in `file`, or `other.json#/$defs/x`.
    private func resolve(_ ref: String, from file: String) -> (JSONValue, String)? {
        let parts = ref.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let targetFile = parts[0].isEmpty ? file : parts[0]
        guard var node = schemas[targetFile] else { return nil }
        let path = parts.count > 1 ? parts[1] : ""
        for step in path.split(separator: "/") {
            guard let next = node.objectValue?[String(step)] else { return nil }
            node = next
        }
        return (node, targetFile)
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): return true
        case ("integer", .int), ("integer", .uint): return true
        case ("integer", .double(let d)): return d.rounded() == d
        case ("number", .int), ("number", .uint), ("number", .double), ("number", .float): return true
        default: return false
        }
    }
}
