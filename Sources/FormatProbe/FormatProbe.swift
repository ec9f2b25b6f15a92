import ModelArtifact
import SystemSeam

/// Identifies model formats from a file, a folder, or the first bytes of an upload stream, without
/// any reader: magic numbers, ZIP entry names, a pickle's first instructions, a protobuf's first fields.
public enum FormatProbe {
    /// How many bytes of a stream the probe wants to be sure (an upload's first 64 KiB).
    public static let streamPrefixLength = 64 * 1024

    /// Detects the format of `prefix`, the first bytes of an input of `totalSize` bytes (nil when
    /// the stream does not say). `name`, a file name, lets the extension be checked.
    public static func detect(prefix: some Collection<UInt8>, name: String? = nil, totalSize: Int? = nil) -> Detection {
        let file = MappedFile(bytes: prefix, name: name ?? "<stream>")
        let complete = totalSize.map { $0 <= file.size } ?? false
        var detection = detect(ProbeInput(file: file, totalSize: totalSize, isComplete: complete))
        if let name { detection.findings += ExtensionCheck.findings(name: name, detection: detection) }
        return detection
    }

    /// Detects the format of a whole mapped file.
    public static func detect(file: MappedFile) -> Detection {
        var detection = detect(ProbeInput(file: file, totalSize: file.size, isComplete: true))
        detection.findings += ExtensionCheck.findings(name: file.path, detection: detection)
        return detection
    }

    /// Detects what a folder (local or remote) holds, from the names of its entries.
    public static func detect(folder: some ArtifactFolder) throws -> Detection {
        FolderProbe.detect(names: try folder.names())
    }

    /// Detects the format of the file or folder at `path`; throws `ArtifactError` when it cannot be read.
    public static func detect(path: String) throws -> Detection {
        let status = FileStatus(path: path)
        guard status.kind != .missing else {
            throw ArtifactError(file: path, offset: nil, rule: "unreadable", expected: "a file or folder",
                                found: status.errorText)
        }
        if status.kind == .folder { return try FolderProbe.detect(folder: path) }
        if status.kind == .regular && status.size == 0 { return .unknown("an empty file") }
        return detect(file: try MappedFile(path: path))
    }

    static func detect(_ input: ProbeInput) -> Detection {
        guard input.count > 0 else {
            return input.isComplete || input.totalSize == 0 ? .unknown("an empty file")
                : .unknown("no bytes yet", needsMoreBytes: true)
        }
        if let zip = ZipSniffer.detect(input) { return zip }
        if let magic = MagicSniffer.detect(input) { return magic }
        if let safetensors = SafetensorsSniffer.detect(input) { return safetensors }
        if let pickle = PickleSniffer.detect(input) { return pickle }
        if let onnx = ONNXSniffer.detect(input) { return onnx }
        if input.isShortOf(16) {
            return .unknown("only \(input.count) bytes seen (\(input.headHex))", needsMoreBytes: true)
        }
        return .unknown("no known signature (first bytes \(input.headHex))")
    }
}
