import ModelArtifact

/// One reason a request body is refused, worded as the upload API words it: FastAPI answers a body
/// that breaks its schema with 422 and `{"detail": [{"type", "loc", "msg", "input"}]}`, in
/// pydantic v2's words (`Field required`, `String should match pattern '…'`).
public struct ValidationIssue: Sendable, Equatable, CustomStringConvertible {
    /// A step of a location: an object key or an array index.
    public enum Step: Sendable, Equatable {
        case key(String)
        case index(Int)
    }

    /// Where, inside the body (FastAPI prefixes `"body"`).
    public let location: [Step]
    /// pydantic's error type (`missing`, `string_pattern_mismatch`, `extra_forbidden`).
    public let type: String
    /// pydantic's message.
    public let message: String
    /// The offending value, when there is one.
    public let input: JSONValue?

    /// Creates an issue.
    public init(_ location: [Step], type: String, message: String, input: JSONValue?) {
        self.location = location
        self.type = type
        self.message = message
        self.input = input
    }

    /// `model.version_aliases[0]`.
    public var path: String {
        var out = ""
        for step in location {
            switch step {
            case .key(let key): out += out.isEmpty ? key : "." + key
            case .index(let i): out += "[\(i)]"
            }
        }
        return out.isEmpty ? "body" : out
    }

    /// `model.weight_uri: String should match pattern '^s3://[a-zA-Z0-9.\-_/~]+$' (input "http://x")`.
    public var description: String {
        var text = "\(path): \(message)"
        if let input, case .string = input { text += " (input \(JSONWriter.string(input, style: .compact)))" }
        return text
    }

    /// The FastAPI `detail` entry.
    public var json: JSONValue {
        var o = JSONObject()
        o.append("type", .string(type))
        o.append("loc", .array([.string("body")] + location.map {
            switch $0 {
            case .key(let key): return .string(key)
            case .index(let i): return .int(Int64(i))
            }
        }))
        o.append("msg", .string(message))
        if let input { o.append("input", input) }
        return .object(o)
    }

    static func missing(_ at: [Step]) -> ValidationIssue {
        ValidationIssue(at, type: "missing", message: "Field required", input: nil)
    }

    static func extra(_ at: [Step], _ input: JSONValue) -> ValidationIssue {
        ValidationIssue(at, type: "extra_forbidden", message: "Extra inputs are not permitted", input: input)
    }

    static func pattern(_ at: [Step], _ pattern: FieldPattern, _ input: String) -> ValidationIssue {
        ValidationIssue(at, type: "string_pattern_mismatch", message: "String should match pattern '\(pattern.pattern)'",
                        input: .string(input))
    }
}

/// A request or response that breaks its schema: every issue, in body order.
public struct ValidationFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The issues.
    public let issues: [ValidationIssue]

    /// Creates the failure.
    public init(_ issues: [ValidationIssue]) { self.issues = issues }

    /// One issue per line.
    public var description: String { issues.map(\.description).joined(separator: "\n") }

    /// FastAPI's 422 body: `{"detail": [...]}`.
    public var json: JSONValue { .object(["detail": .array(issues.map(\.json))]) }
}
