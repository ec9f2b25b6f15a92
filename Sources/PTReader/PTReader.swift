import ModelArtifact

/// Reads PyTorch files without Python and judges their pickles without running them: `torch.save`
/// archives (`pt`), TorchScript archives, legacy `torch.save` files (`pt-legacy`, ZIP-less and
/// tar), `torch.export` pt2 archives, bare pickles, NumPy arrays and archives, and the pickles
/// inside plain ZIP archives.
///
/// The verdict is the gate's (`LoaderGate`): every pickle the file's loader would unpickle, read
/// the way that loader reaches it. The readers add what is inside (tensors, records) and refuse
/// what breaks its format's rules; a refusal never hides an unsafe verdict.
public enum PTReader {
    /// The name under which a TorchScript archive's `constants.pkl` tensors are reported
    /// (`constants.0`, …): the code's constants, not the module's state.
    public static let torchScriptConstants = "constants"

    /// The formats this reader reads.
    public static let formats: Set<ModelFormat> = [.pt, .torchscript, .ptLegacy, .pt2, .pickle, .npy, .npz]

    /// The report of `file`, read as `format`: tensors (when the verdict is safe), the `pickle`
    /// section with every global, the verdict, and findings (PT001… and the ZIP's own).
    /// Throws `ArtifactError` for a malformed file or a pickle bomb, unless the gate found it unsafe.
    public static func read(_ file: MappedFile, as format: ModelFormat, limits: PickleLimits = PickleLimits()) throws -> ModelReport {
        try read(file, as: format, limits: limits, placements: nil)
    }

    /// The report of a `torch.save` ZIP, TorchScript archive or legacy file (as `read` gives it),
    /// and where each tensor whose storage bytes are in the file uncompressed lies, contiguous or
    /// not: what a converter needs to copy the elements out without running anything. Placements
    /// are given only when the verdict is safe (the report's tensors are there too).
    public static func locate(_ file: MappedFile, as format: ModelFormat,
                              limits: PickleLimits = PickleLimits()) throws -> (report: ModelReport, placements: [TensorPlacement]) {
        guard [.pt, .torchscript, .ptLegacy].contains(format) else {
            throw ArtifactError(file: file.path, offset: 0, rule: "pt-no-storages",
                                expected: "a torch.save ZIP, TorchScript archive or legacy file", found: format.rawValue)
        }
        let placements = TensorPlacements()
        let report = try read(file, as: format, limits: limits, placements: placements)
        return (report, report.tensors == nil ? [] : placements.all)
    }

    /// The verdict alone, as the file's loader would open it (`torch.load`'s dispatch, NumPy's for
    /// arrays): the `pickle` section, the disallowed globals, the verdict and the gate's findings,
    /// whatever else is wrong with the file. Never throws: this is what `scan` reports.
    public static func judge(_ file: MappedFile, as format: ModelFormat, limits: PickleLimits = PickleLimits()) -> ModelReport {
        PTReportBuilder(file, format: format, gate: LoaderGate.judge(file, limits: limits).result).finish(tensors: nil)
    }

    /// True when `report` has a finding of `code`.
    public static func has(_ code: PTFindingCode, in report: ModelReport) -> Bool {
        report.findings.contains { $0.code == code.rawValue }
    }

    static func read(_ file: MappedFile, as format: ModelFormat, limits: PickleLimits,
                     placements: TensorPlacements?) throws -> ModelReport {
        let judged = LoaderGate.judge(file, limits: limits)
        var builder = PTReportBuilder(file, format: format, gate: judged.result)
        let stream = judged.stream ?? StreamGate.Outcome(result: judged.result, stream: nil, isLegacy: false, stop: nil)
        do {
            switch format {
            case .pt, .torchscript: return try TorchArchiveReader.read(file, format: format, builder: &builder, placements: placements)
            case .ptLegacy: return try LegacyReader.read(file, gate: stream, builder: &builder, placements: placements)
            case .pt2: return try PT2Reader.read(file, builder: &builder)
            case .zip, .npz: return try ZipPickles.read(file, builder: &builder)
            case .npy: return try NpyReader.read(file, builder: &builder)
            default: return try BarePickleReader.read(file, gate: stream, builder: &builder)
            }
        } catch let failure as ArtifactError where builder.gate.verdict == .unsafe {
            // The loader would still reach a disallowed global: that verdict stands.
            builder.findings.append(Finding(PTFindingCode.readersDisagree,
                                        "the file breaks a rule (\(failure.rule): expected \(failure.expected), found \(failure.found)) that stops this reader, not the loader; judged as the loader reads it",
                                        location: failure.offset.map { Finding.location(file.path, $0) } ?? file.path))
            return builder.finish(tensors: nil)
        }
    }
}

/// A plain ZIP archive or a NumPy `.npz`: its own findings, and, when entries hold pickles (or
/// object arrays), their globals and the verdict.
enum ZipPickles {
    static func read(_ file: MappedFile, builder: inout PTReportBuilder) throws -> ModelReport {
        let archive = try ZipArchive(file)
        builder.findings += archive.findings
        return builder.finish(tensors: nil)
    }
}

/// A NumPy `.npy` array: its header's dtype, order and shape as metadata; an object array's
/// payload is the gate's to judge.
enum NpyReader {
    static func read(_ file: MappedFile, builder: inout PTReportBuilder) throws -> ModelReport {
        let header = try NpyHeader(file)
        guard let dict = header.dict else {
            throw file.reader().error("npy-bad-header", expected: "a Python dict literal as the NumPy header", found: "other text", at: 10)
        }
        var report = builder.finish(tensors: nil)
        report.formatVersion = "\(header.major).\(header.minor)"
        var metadata = JSONObject()
        for key in ["descr", "fortran_order", "shape"] {
            if let value = dict[key] { metadata.append(key, .string(value.text)) }
        }
        report.metadata = metadata
        return report
    }
}

extension PythonLiteral {
    /// The literal as Python writes it.
    var text: String {
        switch self {
        case .string(let s): return "'" + s + "'"
        case .number(let n): return n
        case .bool(let b): return b ? "True" : "False"
        case .none: return "None"
        case .sequence(let items): return "(" + items.map(\.text).joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
        case .dict(let items): return "{" + items.map { $0.0.text + ": " + $0.1.text }.joined(separator: ", ") + "}"
        }
    }
}
