import ModelArtifact

/// The body of `POST /management/v1/orgs/{org_name}/models:upload` (Cerebras, seed
/// `004_eea0a6e2a8ad8f2c`): a finetuned version of a named architecture, its weights at an S3 URI.
/// `additionalProperties: false`.
public struct ModelVersionUploadRequest: Codable, JSONRecord {
    /// The architecture (`llama3.1-8b`, `gpt-oss-120b`).
    public var modelArchID: String
    /// Where the weights are, and how the version is named.
    public var model: ModelVersionUploadRequestModel

    enum CodingKeys: String, CodingKey {
        case modelArchID = "model_arch_id"
        case model
    }

    /// Creates a request.
    public init(modelArchID: String, model: ModelVersionUploadRequestModel) {
        self.modelArchID = modelArchID
        self.model = model
    }

    /// Parses and validates a body as the API does; throws every issue at once.
    public init(json value: JSONValue) throws(ValidationFailure) {
        var issues: [ValidationIssue] = []
        guard var r = FieldReader(value, at: [], model: "ModelVersionUploadRequest", issues: &issues) else {
            throw ValidationFailure(issues)
        }
        let arch = r.string("model_arch_id", required: true)
        var model: ModelVersionUploadRequestModel?
        if let inner = r.value("model", required: true) {
            var nested: [ValidationIssue] = []
            model = ModelVersionUploadRequestModel.read(inner, at: [.key("model")], issues: &nested)
            r.append(nested)
        }
        r.forbidExtra()
        guard r.issues.isEmpty, let arch, let model else { throw ValidationFailure(r.issues) }
        self.init(modelArchID: arch, model: model)
    }

    /// The issues of a request built in code (patterns, unique aliases); empty when the API accepts it.
    public var issues: [ValidationIssue] {
        do {
            _ = try ModelVersionUploadRequest(json: json)
            return []
        } catch {
            return error.issues
        }
    }

    /// The JSON body, keys in schema order, absent optionals left out.
    public var json: JSONValue {
        .object(["model_arch_id": .string(modelArchID), "model": model.json])
    }
}

/// `ModelVersionUploadRequestModel`: the weights' URI, optional aliases and fingerprint suffix.
/// `additionalProperties: false`.
public struct ModelVersionUploadRequestModel: Codable, Sendable, Equatable {
    /// `s3://…`, matching `^s3://[a-zA-Z0-9.\-_/~]+$`.
    public var weightURI: String
    /// Names for the version, each matching `^[a-z][a-zA-Z0-9-]{0,126}[a-z0-9]$`, no name twice.
    public var versionAliases: [String]?
    /// Appended to the system fingerprint, matching `^[a-zA-Z0-9-]{1,64}$`.
    public var systemFingerprintSuffix: String?

    enum CodingKeys: String, CodingKey {
        case weightURI = "weight_uri"
        case versionAliases = "version_aliases"
        case systemFingerprintSuffix = "system_fingerprint_suffix"
    }

    /// Creates the model part.
    public init(weightURI: String, versionAliases: [String]? = nil, systemFingerprintSuffix: String? = nil) {
        self.weightURI = weightURI
        self.versionAliases = versionAliases
        self.systemFingerprintSuffix = systemFingerprintSuffix
    }

    static func read(_ value: JSONValue, at location: [ValidationIssue.Step], issues: inout [ValidationIssue]) -> Self? {
        guard var r = FieldReader(value, at: location, model: "ModelVersionUploadRequestModel", issues: &issues) else {
            return nil
        }
        let aliases = r.strings("version_aliases", required: false, nullable: true, pattern: .versionAlias)
        var seen = Set<String>()
        for (i, alias) in (aliases ?? []).enumerated() where !seen.insert(alias).inserted {
            r.append([ValidationIssue(location + [.key("version_aliases"), .index(i)], type: "value_error",
                                      message: "Value error, alias '\(alias)' is given more than once", input: .string(alias))])
        }
        let uri = r.string("weight_uri", required: true, pattern: .weightURI)
        let suffix = r.string("system_fingerprint_suffix", required: false, nullable: true, pattern: .fingerprintSuffix)
        r.forbidExtra()
        issues += r.issues
        guard r.issues.isEmpty, let uri else { return nil }
        return Self(weightURI: uri, versionAliases: aliases, systemFingerprintSuffix: suffix)
    }

    /// The JSON object, keys in schema order, absent optionals left out.
    public var json: JSONValue {
        var o = JSONObject()
        o.append("weight_uri", .string(weightURI))
        if let versionAliases { o.append("version_aliases", .array(versionAliases.map(JSONValue.string))) }
        if let systemFingerprintSuffix { o.append("system_fingerprint_suffix", .string(systemFingerprintSuffix)) }
        return .object(o)
    }
}

/// `WeightSyncStatusEnum`: where the weight sync stands.
public enum WeightSyncStatus: String, Codable, Sendable, CaseIterable {
    case notStarted = "not_started"
    case queued
    case inProgress = "in_progress"
    case done
    case error
    case skipped
}
