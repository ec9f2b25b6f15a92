import Foundation
import ModelArtifact
import Testing
import UploadRecords

/// The Cerebras model version upload: the seed's examples validate, every violation is named in
/// pydantic's words, at its place in the body.
@Suite struct CerebrasRecordTests {
    static func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(bytes: Array(text.utf8))
    }

    /// The issues the request `text` gets.
    static func issues(_ text: String) throws -> [String] {
        try issueLines(ModelVersionUploadRequest.self, text)
    }

    static let seedRequest = """
        {"model_arch_id": "gpt-oss-120b", "model": {"weight_uri": "s3://my-bucket/model-weights",
         "version_aliases": ["production", "v1-stable"], "system_fingerprint_suffix": "my-custom-suffix"}}
        """

    @Test func theSeedExampleValidatesAndPrintsBack() throws {
        let request = try ModelVersionUploadRequest(json: Self.parse(Self.seedRequest))
        #expect(request.modelArchID == "gpt-oss-120b")
        #expect(request.model.versionAliases == ["production", "v1-stable"])
        #expect(request.issues.isEmpty)
        #expect(JSONWriter.string(request.json, style: .compact)
                    == #"{"model_arch_id": "gpt-oss-120b", "model": {"weight_uri": "s3://my-bucket/model-weights", "version_aliases": ["production", "v1-stable"], "system_fingerprint_suffix": "my-custom-suffix"}}"#)
    }

    @Test func optionalsMayBeNullOrAbsent() throws {
        #expect(try Self.issues(#"{"model_arch_id": "llama3.1-8b", "model": {"weight_uri": "s3://b/w"}}"#) == [])
        let nulls = #"{"model_arch_id": "x", "model": {"weight_uri": "s3://b", "version_aliases": null, "system_fingerprint_suffix": null}}"#
        let request = try ModelVersionUploadRequest(json: Self.parse(nulls))
        #expect(request.model.versionAliases == nil)
        #expect(JSONWriter.string(request.json, style: .compact) == #"{"model_arch_id": "x", "model": {"weight_uri": "s3://b"}}"#)
    }

    @Test func everyViolationIsNamed() throws {
        let body = """
            {"model_arch_id": 7, "model": {"weight_uri": "https://b/w", "version_aliases": ["Prod", "ok", "ok", 3],
             "system_fingerprint_suffix": "under_score", "region": "eu"}, "org": "x"}
            """
        #expect(try Self.issues(body) == [
            "model_arch_id: Input should be a valid string",
            "model.version_aliases[0]: String should match pattern '^[a-z][a-zA-Z0-9-]{0,126}[a-z0-9]$'",
            "model.version_aliases[3]: Input should be a valid string",
            "model.weight_uri: String should match pattern '^s3://[a-zA-Z0-9.\\-_/~]+$'",
            "model.system_fingerprint_suffix: String should match pattern '^[a-zA-Z0-9-]{1,64}$'",
            "model.region: Extra inputs are not permitted",
            "org: Extra inputs are not permitted",
        ])
    }

    @Test func duplicateAliasesAndMissingFields() throws {
        #expect(try Self.issues(#"{"model": {"version_aliases": ["prod", "prod"]}}"#) == [
            "model_arch_id: Field required",
            "model.version_aliases[1]: Value error, alias 'prod' is given more than once",
            "model.weight_uri: Field required",
        ])
        #expect(try Self.issues(#"{"model_arch_id": "x"}"#) == ["model: Field required"])
        #expect(try Self.issues(#"{"model_arch_id": "x", "model": "s3://b"}"#)
                    == ["model: Input should be a valid dictionary or instance of ModelVersionUploadRequestModel"])
        #expect(try Self.issues(#"{"model_arch_id": "x", "model": {"weight_uri": "s3://b", "version_aliases": "prod"}}"#)
                    == ["model.version_aliases: Input should be a valid list"])
        #expect(try Self.issues("[]") == ["body: Input should be a valid dictionary or instance of ModelVersionUploadRequest"])
    }

    @Test func failuresPrintAsFastAPIDetail() throws {
        do {
            _ = try ModelVersionUploadRequest(json: Self.parse(#"{"model_arch_id": "x", "model": {"weight_uri": "s3:/b"}}"#))
            Issue.record("accepted")
        } catch let error as ValidationFailure {
            #expect(JSONWriter.string(error.json, style: .compact)
                        == #"{"detail": [{"type": "string_pattern_mismatch", "loc": ["body", "model", "weight_uri"], "msg": "String should match pattern '^s3://[a-zA-Z0-9.\\-_/~]+$'", "input": "s3:/b"}]}"#)
            #expect(error.description == #"model.weight_uri: String should match pattern '^s3://[a-zA-Z0-9.\-_/~]+$' (input "s3:/b")"#)
        }
    }

    @Test func aRequestBuiltInCodeReportsItsIssues() {
        let request = ModelVersionUploadRequest(
            modelArchID: "llama3.1-8b",
            model: .init(weightURI: "s3://b/w", versionAliases: ["a", "ok"], systemFingerprintSuffix: String(repeating: "x", count: 65)))
        #expect(request.issues.map(\.path) == ["model.version_aliases[0]", "model.system_fingerprint_suffix"])
    }

    @Test func theSeedResponseParses() throws {
        let text = """
            {"name": "orgs/my-org/models/gpt-oss-120b/versions/1", "done": false,
             "response": {"customer_s3_uri": "s3://my-bucket/model-weights", "version_aliases": ["production", "v1-stable"], "sync_status": "queued"}}
            """
        let response = try ModelVersionUploadResponse(json: Self.parse(text))
        #expect(response.versionID == 1)
        #expect(response.response?.syncStatus == .queued)
        #expect(try ModelVersionUploadResponse(json: response.json) == response)
        let pending = try ModelVersionUploadResponse(json: Self.parse(#"{"name": "n", "done": true, "response": null}"#))
        #expect(pending.response == nil)
        #expect(JSONWriter.string(pending.json, style: .compact) == #"{"name": "n", "done": true, "response": null}"#)
    }

    @Test func responseViolations() throws {
        let text = #"{"name": "n", "done": "no", "response": {"customer_s3_uri": "s3://b", "version_aliases": [], "sync_status": "syncing", "x": 1}}"#
        #expect(try issueLines(ModelVersionUploadResponse.self, text) == [
            "done: Input should be a valid boolean",
            "response.sync_status: Input should be 'not_started', 'queued', 'in_progress', 'done', 'error' or 'skipped'",
            "response.x: Extra inputs are not permitted",
        ])
    }

    @Test func codableUsesTheSchemaKeys() throws {
        let request = try ModelVersionUploadRequest(json: Self.parse(Self.seedRequest))
        let encoded = try JSONEncoder().encode(request)
        let keys = try #require(JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        #expect(Set(keys.keys) == ["model_arch_id", "model"])
        #expect(try JSONDecoder().decode(ModelVersionUploadRequest.self, from: encoded) == request)
        let status = try JSONDecoder().decode([WeightSyncStatus].self, from: Data(#"["in_progress", "not_started"]"#.utf8))
        #expect(status == [.inProgress, .notStarted])
    }
}
