import HTTPTypes
import Hummingbird
import ModelArtifact
import NIOCore
import UploadRecords

/// Answers with JSON bodies: the `types.APIResponse` envelope of the seed, success or failure.
enum JSONAnswer {
    /// `{"data": …, "meta": …, "success": true}` (members in `APIResponse`'s order) with `status`.
    static func success(_ data: JSONValue, meta: APIMeta? = nil, status: HTTPResponse.Status = .ok) -> Response {
        var o = JSONObject()
        o.append("data", data)
        if let meta { o.append("meta", meta.json) }
        o.append("success", .bool(true))
        return response(.object(o), status: status)
    }

    /// `value` as the body of a `status` answer.
    static func response(_ value: JSONValue, status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(value, style: .compact))))
    }

    /// The failure's answer; with `closing`, the connection is closed once it is written (the
    /// request body is left unread).
    static func failure(_ failure: APIFailure, closing channel: (any Channel)?, headers: HTTPFields = [:]) -> Response {
        var response = response(failure.body, status: failure.status, headers: headers)
        guard let channel else { return response }
        response.headers[.connection] = "close"
        let body = ByteBuffer(bytes: JSONWriter.bytes(failure.body, style: .compact))
        response.body = ResponseBody(contentLength: body.readableBytes) { writer in
            try await writer.write(body)
            try await writer.finish(nil)
            // Stop reading the rest of the body: close once the answer is out.
            channel.close(promise: nil)
        }
        return response
    }
}
