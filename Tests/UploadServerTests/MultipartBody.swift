import NIOCore

/// A `multipart/form-data` body as clients (curl -F) send it, for tests.
struct MultipartBody {
    static let boundary = "------------------------synapTestBoundary7MA4YWxk"

    private(set) var bytes: [UInt8] = []

    /// A text field.
    mutating func field(_ name: String, _ value: String) {
        part(headers: "Content-Disposition: form-data; name=\"\(name)\"", Array(value.utf8))
    }

    /// A file part.
    mutating func file(_ name: String = "model_file", fileName: String, _ content: [UInt8]) {
        part(headers: "Content-Disposition: form-data; name=\"\(name)\"; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream", content)
    }

    /// A part with raw header lines.
    mutating func part(headers: String, _ content: [UInt8]) {
        bytes += Array("--\(Self.boundary)\r\n\(headers)\r\n\r\n".utf8)
        bytes += content
        bytes += Array("\r\n".utf8)
    }

    /// Raw bytes (a body cut short, say).
    mutating func append(_ raw: [UInt8]) {
        bytes += raw
    }

    /// The closing boundary.
    mutating func close() {
        bytes += Array("--\(Self.boundary)--\r\n".utf8)
    }

    /// The Content-Type header value.
    static var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    var buffer: ByteBuffer { ByteBuffer(bytes: bytes) }

    /// A complete form with `name` and `model_file` (and `version_id` when given).
    static func upload(name: String = "vad", versionID: String? = nil, fileName: String, _ content: [UInt8]) -> MultipartBody {
        var body = MultipartBody()
        body.field("name", name)
        if let versionID { body.field("version_id", versionID) }
        body.file(fileName: fileName, content)
        body.close()
        return body
    }
}
