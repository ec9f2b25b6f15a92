import ModelArtifact

/// `types.APIResponse` (Acusight): the envelope of every answer, `data` typed by the endpoint
/// (a `ModelVersion` for an upload's 201).
public struct APIResponse<Payload: JSONRecord>: JSONRecord {
    /// The endpoint's data.
    public var data: Payload?
    /// What went wrong, on a 4xx or 5xx.
    public var error: APIError?
    /// Paging, on list endpoints.
    public var meta: APIMeta?
    /// Whether the request succeeded.
    public var success: Bool?

    /// Creates an envelope.
    public init(data: Payload? = nil, error: APIError? = nil, meta: APIMeta? = nil, success: Bool? = nil) {
        self.data = data
        self.error = error
        self.meta = meta
        self.success = success
    }

    /// Parses an envelope; unknown members are ignored, wrong types are issues (nested ones located under their member).
    public init(json value: JSONValue) throws(ValidationFailure) {
        var issues: [ValidationIssue] = []
        guard var r = FieldReader(value, at: [], model: "APIResponse", issues: &issues) else { throw ValidationFailure(issues) }
        func nested<T: JSONRecord>(_ key: String, _: T.Type, into r: inout FieldReader) -> T? {
            guard let inner = r.value(key, required: false), inner != .null else { return nil }
            do {
                return try T(json: inner)
            } catch {
                r.append(error.issues.map { ValidationIssue([.key(key)] + $0.location, type: $0.type, message: $0.message, input: $0.input) })
                return nil
            }
        }
        let data = nested("data", Payload.self, into: &r)
        let error = nested("error", APIError.self, into: &r)
        let meta = nested("meta", APIMeta.self, into: &r)
        let success = r.bool("success", required: false)
        guard r.issues.isEmpty else { throw ValidationFailure(r.issues) }
        self.init(data: data, error: error, meta: meta, success: success)
    }

    /// The envelope's JSON, absent members left out.
    public var json: JSONValue {
        var o = JSONObject()
        if let data { o.append("data", data.json) }
        if let error { o.append("error", error.json) }
        if let meta { o.append("meta", meta.json) }
        if let success { o.append("success", .bool(success)) }
        return .object(o)
    }
}

/// `types.APIError`: a code, a message and details.
public struct APIError: Codable, JSONRecord {
    /// A short machine-readable code.
    public var code: String?
    /// More about the cause.
    public var details: String?
    /// What went wrong, for people.
    public var message: String?

    /// Creates an error.
    public init(code: String? = nil, details: String? = nil, message: String? = nil) {
        self.code = code
        self.details = details
        self.message = message
    }

    /// Parses an error object.
    public init(json value: JSONValue) throws(ValidationFailure) {
        var issues: [ValidationIssue] = []
        guard var r = FieldReader(value, at: [], model: "APIError", issues: &issues) else { throw ValidationFailure(issues) }
        self.init(code: r.string("code", required: false), details: r.string("details", required: false),
                  message: r.string("message", required: false))
        guard r.issues.isEmpty else { throw ValidationFailure(r.issues) }
    }

    /// The JSON object, absent members left out.
    public var json: JSONValue {
        var o = JSONObject()
        if let code { o.append("code", .string(code)) }
        if let details { o.append("details", .string(details)) }
        if let message { o.append("message", .string(message)) }
        return .object(o)
    }
}

/// `types.APIMeta`: paging of list answers.
public struct APIMeta: Codable, JSONRecord {
    /// Items in this page.
    public var count: Int64?
    /// The page size asked for.
    public var limit: Int64?
    /// Items skipped before this page.
    public var offset: Int64?
    /// Items in all pages.
    public var total: Int64?

    /// Creates paging information.
    public init(count: Int64? = nil, limit: Int64? = nil, offset: Int64? = nil, total: Int64? = nil) {
        self.count = count
        self.limit = limit
        self.offset = offset
        self.total = total
    }

    /// Parses a meta object.
    public init(json value: JSONValue) throws(ValidationFailure) {
        var issues: [ValidationIssue] = []
        guard var r = FieldReader(value, at: [], model: "APIMeta", issues: &issues) else { throw ValidationFailure(issues) }
        self.init(count: r.int("count", required: false), limit: r.int("limit", required: false),
                  offset: r.int("offset", required: false), total: r.int("total", required: false))
        guard r.issues.isEmpty else { throw ValidationFailure(r.issues) }
    }

    /// The JSON object, absent members left out.
    public var json: JSONValue {
        var o = JSONObject()
        if let count { o.append("count", .int(count)) }
        if let limit { o.append("limit", .int(limit)) }
        if let offset { o.append("offset", .int(offset)) }
        if let total { o.append("total", .int(total)) }
        return .object(o)
    }
}

extension APIResponse: Codable where Payload: Codable {}
