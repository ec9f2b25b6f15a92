import ModelArtifact

/// Reads the members of one object of an architecture file strictly: each member read at most
/// once, a wrong type named, and any member not read reported by `finish()` (so a misspelt key
/// in a file is an error, not a rule silently ignored).
struct SpecFields {
    private let object: JSONObject
    private let context: String
    private var read: Set<String> = []

    /// Wraps `value`, which must be an object; `context` names it in errors (`llama3.1-8b: config`).
    init(_ value: JSONValue, _ context: String) throws {
        guard case .object(let object) = value else {
            throw SpecError("\(context) must be an object, not \(value.typeName)")
        }
        self.object = object
        self.context = context
    }

    /// The raw value of `key`, if present.
    mutating func value(_ key: String) -> JSONValue? {
        read.insert(key)
        return object[key]
    }

    /// A string member that must be present.
    mutating func string(_ key: String) throws -> String {
        guard let s = try optionalString(key) else { throw SpecError("\(context) has no \"\(key)\"") }
        return s
    }

    /// A string member that may be absent.
    mutating func optionalString(_ key: String) throws -> String? {
        guard let v = value(key) else { return nil }
        guard case .string(let s) = v else { throw SpecError("\(context).\(key) must be a string, not \(v.typeName)") }
        return s
    }

    /// An integer member that may be absent.
    mutating func optionalInt(_ key: String) throws -> Int? {
        guard let v = value(key) else { return nil }
        guard let n = v.intValue, let i = Int(exactly: n) else {
            throw SpecError("\(context).\(key) must be an integer, not \(v.typeName)")
        }
        return i
    }

    /// An array of strings that may be absent (empty then).
    mutating func strings(_ key: String) throws -> [String] {
        guard let v = value(key) else { return [] }
        guard case .array(let items) = v else { throw SpecError("\(context).\(key) must be an array, not \(v.typeName)") }
        return try items.map { item in
            guard case .string(let s) = item else {
                throw SpecError("\(context).\(key) must hold strings, not \(item.typeName)")
            }
            return s
        }
    }

    /// An object member that may be absent (empty then), in its written order.
    mutating func members(_ key: String) throws -> JSONObject {
        guard let v = value(key) else { return [:] }
        guard case .object(let o) = v else { throw SpecError("\(context).\(key) must be an object, not \(v.typeName)") }
        return o
    }

    /// An array member that may be absent (empty then).
    mutating func array(_ key: String) throws -> [JSONValue] {
        guard let v = value(key) else { return [] }
        guard case .array(let items) = v else { throw SpecError("\(context).\(key) must be an array, not \(v.typeName)") }
        return items
    }

    /// Throws when the object has a member nothing read.
    func finish() throws {
        if let unknown = object.keys.first(where: { !read.contains($0) }) {
            throw SpecError("\(context) has an unknown member \"\(unknown)\"")
        }
    }
}
