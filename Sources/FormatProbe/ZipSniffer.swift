import ModelArtifact
import ZipContainer

/// ZIP archives: the entry names come from the central directory when the whole file is there,
/// or from the local headers a stream prefix shows.
enum ZipSniffer {
    static func detect(_ input: ProbeInput) -> Detection? {
        let bytes = input.bytes
        if bytes.has(FormatSignatures.zipEmptyArchive) {
            return Detection(.zip, .certain, "an empty ZIP archive")
        }
        guard bytes.has(FormatSignatures.zipLocalHeader) else { return nil }
        if input.isComplete, let names = try? ZipArchive.entryNames(input.file) {
            return ZipClassifier.classify(names, complete: true, source: "central directory")
        }
        let scan = ZipArchive.scanLocalHeaders(input.reader(), maxEntries: 4096)
        let source = input.isComplete ? "local headers; the central directory is unreadable" : "local headers of the first \(input.count) bytes"
        return ZipClassifier.classify(scan.names, complete: scan.complete && input.isComplete, source: source)
    }
}
