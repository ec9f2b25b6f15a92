import ModelArtifact
import ONNXReader
import TFLiteReader

/// What a subgraph's model entry holds, told by its magic (or, for ONNX, which has none, its name).
public enum SyNAPPayloadKind: String, Sendable {
    case ebg, nbg, tflite, onnx, vmfb, unknown

    /// The kind the first bytes announce, or nil when they announce none.
    static func fromMagic(_ head: [UInt8]) -> SyNAPPayloadKind? {
        guard head.count >= 4 else { return nil }
        let first = Array(head[0..<4])
        if first == Array("EBGX".utf8) { return .ebg }
        if first == Array("VPMN".utf8) { return .nbg }
        guard head.count >= 8 else { return nil }
        let second = Array(head[4..<8])
        if second == Array("TFL3".utf8) { return .tflite }
        if second == Array("IREE".utf8) || first == [0x50, 0x4B, 0x03, 0x04] { return .vmfb }
        return nil
    }

    /// The kind an entry name announces.
    static func fromName(_ name: String) -> SyNAPPayloadKind {
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "nb", "ebg": return .ebg
        case "nbg": return .nbg
        case "tflite": return .tflite
        case "onnx": return .onnx
        case "vmfb": return .vmfb
        default: return .unknown
        }
    }

    /// The payload kinds a delegate runs, or nil for a delegate this reader does not know.
    static func expected(for delegate: String) -> Set<SyNAPPayloadKind>? {
        switch delegate {
        case "npu": return [.ebg, .nbg]
        case "tflite": return [.tflite]
        case "onnx": return [.onnx]
        case "torq": return [.vmfb]
        default: return nil
        }
    }
}

/// A payload's bytes: in place for a stored entry or a whole file, or an inflated copy.
struct PayloadBytes {
    let reader: ByteReader
    /// True when `reader` covers a file of its own (an inflated entry), which a whole-file reader can take as it is.
    var isOwnFile = false
    /// The model's own size.
    var size: Int { reader.range.count }

    var head: [UInt8] {
        Array(reader.file.bytes[reader.range.lowerBound..<min(reader.range.upperBound, reader.range.lowerBound + 8)])
    }
}

/// Reads one payload: header fields into its `synap` subgraph, details and embedded reports into
/// its `synap_detail` subgraph, problems into findings.
struct PayloadInspector {
    /// Largest payload inflated, or (ONNX, whose reader takes a whole file) copied, for inspection.
    static let maxEmbeddedCopy = 256 << 20

    /// The protobuf caps for an embedded ONNX model: an entry inflates to up to 256 MiB from a
    /// small bundle, so the graph's work is capped below the standalone reader's (4 Mi elements of
    /// a repeated field, nodes included, where real models hold at most some 10^5).
    static let embeddedONNXLimits = ProtoLimits(maxRepeated: 1 << 22)

    var findings: CappedFindings<SyNAPFindingCode>
    /// The bundle's or payload's path, where findings are located.
    let file: String

    /// Inspects `bytes` (named `entry`, run by `delegate`, described by `meta`).
    mutating func inspect(_ bytes: PayloadBytes, entry: String, delegate: String, meta: SyNAPMeta?,
                          subgraph: inout SyNAPSection.Subgraph, detail: inout SyNAPDetail.Subgraph) throws {
        let named = SyNAPPayloadKind.fromName(entry)
        let magic = SyNAPPayloadKind.fromMagic(bytes.head)
        let kind = magic ?? (named == .onnx ? .onnx : .unknown)
        subgraph.payload = kind
        if let allowed = SyNAPPayloadKind.expected(for: delegate), !allowed.contains(kind) {
            findings.add(.payloadMismatch, "a \(kind.rawValue) payload (magic \(Self.hex(bytes.head))) under delegate '\(delegate)'",
                         file: file, entry: entry)
        } else if magic != nil, named != .unknown, kind != named, !(named == .ebg && kind == .nbg) {
            findings.add(.payloadMismatch, "entry named as \(named.rawValue) holds a \(kind.rawValue) payload", file: file, entry: entry)
        }
        switch kind {
        case .ebg:
            let ebg = try EBGHeader.parse(bytes.reader)
            subgraph.ebg = ebg
            detail.ebg = ebg
            findings.checkEBG(ebg, size: bytes.size, meta: meta, file: file, entry: entry)
        case .nbg:
            let nbg = try NBGHeader.parse(bytes.reader)
            subgraph.nbg = nbg
            findings.checkNBG(nbg, meta: meta, file: file, entry: entry)
        case .tflite, .onnx:
            detail.embedded = try embeddedReport(bytes, kind: kind, entry: entry)
        case .vmfb, .unknown:
            break
        }
    }

    /// The embedded model's report, its findings moved to the bundle's (located at `entry`).
    private mutating func embeddedReport(_ bytes: PayloadBytes, kind: SyNAPPayloadKind, entry: String) throws -> ModelReport? {
        var report: ModelReport
        do {
            if kind == .tflite {
                report = try TFLiteReader.read(bytes.reader)
            } else {
                guard bytes.size <= Self.maxEmbeddedCopy else {
                    findings.add(.tooLarge, "the embedded onnx model of \(bytes.size) bytes is too large to copy for inspection",
                                 file: file, entry: entry)
                    return nil
                }
                let source = bytes.reader
                if bytes.isOwnFile, source.range == 0..<source.file.size {
                    // An inflated payload is a file of its own already: no second copy.
                    report = try ONNXReader.read(source.file, limits: Self.embeddedONNXLimits)
                } else {
                    let copy = MappedFile(bytes: try source.buffer(source.range), name: "\(source.file.path)!\(entry)")
                    report = try ONNXReader.read(copy, limits: Self.embeddedONNXLimits)
                }
            }
        } catch let error as ArtifactError {
            findings.add(.unreadable, "the embedded \(kind.rawValue) model cannot be read: \(error.rule): expected \(error.expected), found \(error.found)",
                         file: file, entry: entry)
            return nil
        }
        findings.merge(report.findings.map { f in
            var f = f
            f.location = "\(file)!\(entry)"
            return f
        })
        report.findings = []
        return report
    }

    static func hex(_ head: [UInt8]) -> String {
        head.prefix(8).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
