import ModelArtifact

/// The answer to a model version upload (Cerebras): the version's full name, whether the operation
/// is done, and the sync's state. `additionalProperties: false`.
public struct ModelVersionUploadResponse: Codable, JSONRecord {
    /// `orgs/<org_name>/models/<model_arch_id>/versions/<version_id>`.
    public var name: String
    /// Whether the operation is complete.
    public var done: Bool
    /// The version's data, or nil (`null`).
    public var response: ModelVersionUploadResponseData?

    /// Creates a response.
    public init(name: String, done: Bool, response: ModelVersionUploadResponseData?) {
        self.name = name
        self.done = done
        self.response = response
    }

    /// Parses and validates a response body; throws every issue at once.
    public init(json value: JSONValue) throws(ValidationFailure) {
        var issues: [ValidationIssue] = []
        guard var r = FieldReader(value, at: [], model: "ModelVersionUploadResponse", issues: &issues) else {
            throw ValidationFailure(issues)
        }
        let name = r.string("name", required: true)
        let done = r.bool("done", required: true)
        var data: ModelVersionUploadResponseData?
        if let inner = r.value("response", required: false), inner != .null {
            var nested: [ValidationIssue] = []
            data = ModelVersionUploadResponseData.read(inner, at: [.key("response")], issues: &nested)
            r.append(nested)
        }
        r.forbidExtra()
        guard r.issues.isEmpty, let name, let done else { throw ValidationFailure(r.issues) }
        self.init(name: name, done: done, response: data)
    }

    /// The version id at the end of `name`, when it is a number.
    public var versionID: Int? {
        name.split(separator: "/").last.flatMap { Int($0) }
    }

    /// The JSON body; `response` is `null` when absent, as the schema's `anyOf` allows.
    public var json: JSONValue {
        .object(["name": .string(name), "done": .bool(done), "response": response?.json ?? .null])
    }
}

/// `ModelVersionUploadResponseData`: the S3 URI as given, the aliases, the sync status.
/// `additionalProperties: false`; every member required.
public struct ModelVersionUploadResponseData: Codable, Sendable, Equatable {
    /// The S3 URI the customer gave.
    public var customerS3URI: String
    /// The aliases of the version.
    public var versionAliases: [String]
    /// Where the weight sync stands.
    public var syncStatus: WeightSyncStatus

    enum CodingKeys: String, CodingKey {
        case customerS3URI = "customer_s3_uri"
        case versionAliases = "version_aliases"
        case syncStatus = "sync_status"
    }

    /// Creates the data.
    public init(customerS3URI: String, versionAliases: [String], syncStatus: WeightSyncStatus) {
        self.customerS3URI = customerS3URI
        self.versionAliases = versionAliases
        self.syncStatus = syncStatus
    }

    static func read(_ value: JSONValue, at location: [ValidationIssue.Step], issues: inout [ValidationIssue]) -> Self? {
        guard var r = FieldReader(value, at: location, model: "ModelVersionUploadResponseData", issues: &issues) else {
            return nil
        }
        let uri = r.string("customer_s3_uri", required: true)
        let aliases = r.strings("version_aliases", required: true)
        let status = r.choice("sync_status", required: true, WeightSyncStatus.self)
        r.forbidExtra()
        issues += r.issues
        guard let uri, let aliases, let status, r.issues.isEmpty else { return nil }
        return Self(customerS3URI: uri, versionAliases: aliases, syncStatus: status)
    }

    /// The JSON object, keys in schema order.
    public var json: JSONValue {
        .object(["customer_s3_uri": .string(customerS3URI), "version_aliases": .array(versionAliases.map(JSONValue.string)),
                 "sync_status": .string(syncStatus.rawValue)])
    }
}
