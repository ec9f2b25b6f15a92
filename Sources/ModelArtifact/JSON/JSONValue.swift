/// A JSON value whose objects keep their keys in order, so that reports print in a stable,
/// documented order and parsed headers keep the order they were written in.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// An integer that fits in 64 signed bits.
    case int(Int64)
    /// An unsigned integer above `Int64.max`.
    case uint(UInt64)
    /// A binary64 number.
    case double(Double)
    /// A binary32 number, printed by its own shortest form (`1e-12`, not `9.99999996e-13`).
    case float(Float)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The boolean, if this is one.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b } else { return nil }
    }

    /// The string, if this is one.
    public var stringValue: String? {
        if case .string(let s) = self { return s } else { return nil }
    }

    /// The object, if this is one.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o } else { return nil }
    }

    /// The array, if this is one.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a } else { return nil }
    }

    /// The value as a signed integer, if it is an integer that fits (or a float with no fraction).
    public var intValue: Int64? {
        switch self {
        case .int(let v): return v
        case .uint(let v): return Int64(exactly: v)
        case .double(let v): return Int64(exactly: v)
        case .float(let v): return Int64(exactly: v)
        default: return nil
        }
    }

    /// The value as a Double, if it is a number.
    public var doubleValue: Double? {
        switch self {
        case .int(let v): return Double(v)
        case .uint(let v): return Double(v)
        case .double(let v): return v
        case .float(let v): return Double(v)
        default: return nil
        }
    }

    /// A short name of the JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .uint, .double, .float: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// Equality as JSON means it: numbers compare by exact value whatever their width (at `Float`
    /// precision when one is a `.float`), objects by their keys and values regardless of order.
    public func isSameJSON(as other: JSONValue) -> Bool {
        switch (self, other) {
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            let contained = { (x: JSONObject, y: JSONObject) in
                x.allSatisfy { key, value in y[key].map { value.isSameJSON(as: $0) } ?? false }
            }
            return contained(a, b) && contained(b, a)
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.isSameJSON(as: $1) }
        case (.int(let i), .int(let j)): return i == j
        case (.uint(let i), .uint(let j)): return i == j
        case (.int(let i), .uint(let u)), (.uint(let u), .int(let i)): return i >= 0 && UInt64(i) == u
        case (.float, _), (_, .float):
            guard let x = self.doubleValue, let y = other.doubleValue else { return false }
            return Float(x) == Float(y)
        case (.int(let i), .double(let d)), (.double(let d), .int(let i)): return Double(exactly: i) == d
        case (.uint(let u), .double(let d)), (.double(let d), .uint(let u)): return Double(exactly: u) == d
        default: return self == other
        }
    }
}

/// A JSON object that keeps its keys in insertion order.
public struct JSONObject: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// The members in order.
    public private(set) var entries: [(key: String, value: JSONValue)] = []

    /// An empty object.
    public init() {}

    /// An object with `entries` in this order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        for (k, v) in elements { self[k] = v }
    }

    /// Number of members.
    public var count: Int { entries.count }
    /// True when there are no members.
    public var isEmpty: Bool { entries.isEmpty }
    /// The keys in order.
    public var keys: [String] { entries.map(\.key) }

    /// The value for `key`; setting appends a new key or replaces an existing one in place,
    /// setting `nil` removes it.
    public subscript(key: String) -> JSONValue? {
        get { entries.first(where: { $0.key == key })?.value }
        set {
            let index = entries.firstIndex(where: { $0.key == key })
            switch (index, newValue) {
            case (let i?, let v?): entries[i].value = v
            case (let i?, nil): entries.remove(at: i)
            case (nil, let v?): entries.append((key, v))
            case (nil, nil): break
            }
        }
    }

    /// Appends a member without looking for an existing one (the caller knows the key is new).
    public mutating func append(_ key: String, _ value: JSONValue) {
        entries.append((key, value))
    }

    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> {
        entries.makeIterator()
    }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        a.entries.count == b.entries.count
            && zip(a.entries, b.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}
