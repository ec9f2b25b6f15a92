import FormatProbe
import ModelArtifact
import UploadRecords

/// The gate on the stream: the first 64 KiB of `model_file` (or the whole part when it is
/// shorter) decide whether the upload goes on, before anything is stored.
enum UploadGate {
    /// How many bytes the gate waits for (the probe's stream prefix).
    static let prefixLength = FormatProbe.streamPrefixLength

    /// The upload format of a file named `fileName` that starts with `prefix`, or the 400 it gets:
    /// `unsupported_format` for content outside the four formats, `extension_mismatch` for a name
    /// that disagrees with the content. `totalSize` is the part's size when it is complete.
    static func decide(prefix: some Collection<UInt8>, fileName: String, totalSize: Int?) -> (detected: ModelFormat, decision: Result<UploadFormat, APIFailure>) {
        let detection = FormatProbe.detect(prefix: prefix, name: fileName, totalSize: totalSize)
        switch UploadFormat.decide(name: fileName, detection: detection) {
        case .success(let format):
            return (detection.format, .success(format))
        case .failure(let refusal):
            // `decide` refuses content it does not take, or else a name that disagrees with it.
            let code: FailureCode = UploadFormat(detected: detection.format) == nil ? .unsupportedFormat : .extensionMismatch
            return (detection.format, .failure(.badRequest(code, refusal.reason)))
        }
    }
}
