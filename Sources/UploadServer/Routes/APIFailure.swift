import HTTPTypes
import Hummingbird
import ModelArtifact
import UploadRecords

/// A request the server refuses: the status, and the seed's `types.APIError` (code, message,
/// details) it answers with in a `{"success": false, "error": …}` body.
public struct APIFailure: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var error: APIError
    /// Headers the answer carries besides the body's (`Content-Range` on a 416).
    public var headers: HTTPFields = [:]

    /// A refusal with `status`, a machine-readable `code`, a sentence for people and details.
    public init(_ status: HTTPResponse.Status, _ code: FailureCode, _ message: String, details: String? = nil) {
        self.status = status
        self.error = APIError(code: code.rawValue, details: details, message: message)
    }

    /// A 400 Bad Request.
    public static func badRequest(_ code: FailureCode, _ message: String, details: String? = nil) -> APIFailure {
        APIFailure(.badRequest, code, message, details: details)
    }

    /// The machine-readable code.
    public var code: FailureCode? { error.code.flatMap(FailureCode.init(rawValue:)) }

    /// The answer's body.
    public var body: JSONValue { APIResponse<ModelVersion>(error: error, success: false).json }
}

/// Every `error.code` the server answers with (one list, documented in docs/server.md).
public enum FailureCode: String, Sendable, CaseIterable {
    // Auth
    case unauthorized, forbidden
    // The form
    case notMultipart = "not_multipart", badBoundary = "bad_boundary", malformedMultipart = "malformed_multipart"
    case truncatedBody = "truncated_body", partHeadersTooLarge = "part_headers_too_large"
    case missingField = "missing_field", invalidField = "invalid_field", duplicateFile = "duplicate_file"
    // The gate and the judgement
    case unsupportedFormat = "unsupported_format", extensionMismatch = "extension_mismatch"
    case unsafePickle = "unsafe_pickle", invalidModel = "invalid_model", versionExists = "version_exists"
    // Limits
    case tooLarge = "too_large", tooSlow = "too_slow", busy
    // Reading back, routing
    case invalidParameter = "invalid_parameter", notFound = "not_found", methodNotAllowed = "method_not_allowed"
    case rangeNotSatisfiable = "range_not_satisfiable", badRequest = "bad_request"
    // Ours
    case internalError = "internal_error", unavailable
}
