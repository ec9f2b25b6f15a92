import ModelArtifact

/// Reads PyTorch files without Python and judges their pickles without running them: `torch.save`
/// archives (`pt`), TorchScript archives, legacy `torch.save` files (`pt-legacy`), `torch.export`
/// pt2 archives, bare pickles, and the pickles inside plain ZIP archives.
public enum PTReader {
    /// The name under which a TorchScript archive's `constants.pkl` tensors are reported
    /// (`constants.0`, …): the code's constants, not the module's state.
    public static let torchScriptConstants = "constants"

    /// The formats this reader reads.
    public static let formats: Set<ModelFormat> = [.pt, .torchscript, .ptLegacy, .pt2, .pickle]

    /// The report of `file`, read as `format`: tensors (when every global is allow-listed), the
    /// `pickle` section with every global, the verdict, and findings (PT001… and the ZIP's own).
    /// Throws `ArtifactError` for a malformed file or a pickle bomb.
    public static func read(_ file: MappedFile, as format: ModelFormat, limits: PickleLimits = PickleLimits()) throws -> ModelReport {
        switch format {
        case .pt, .torchscript: return try TorchArchiveReader.read(file, format: format, limits: limits)
        case .ptLegacy: return try LegacyReader.read(file, limits: limits)
        case .pt2: return try PT2Reader.read(file, limits: limits)
        case .zip: return try scanZip(file, limits: limits)
        default: return try BarePickleReader.read(file, limits: limits)
        }
    }

    /// The report of a `torch.save` ZIP, TorchScript archive or legacy file (as `read` gives it),
    /// and where each tensor whose storage bytes are in the file uncompressed lies, contiguous or
    /// not: what a converter needs to copy the elements out without running anything. Placements
    /// are given only when every global is allow-listed (the report's tensors are there too).
    public static func locate(_ file: MappedFile, as format: ModelFormat,
                              limits: PickleLimits = PickleLimits()) throws -> (report: ModelReport, placements: [TensorPlacement]) {
        let placements = TensorPlacements()
        let report: ModelReport
        switch format {
        case .pt, .torchscript: report = try TorchArchiveReader.read(file, format: format, limits: limits, placements: placements)
        case .ptLegacy: report = try LegacyReader.read(file, limits: limits, placements: placements)
        default:
            throw ArtifactError(file: file.path, offset: 0, rule: "pt-no-storages",
                                expected: "a torch.save ZIP, TorchScript archive or legacy file", found: format.rawValue)
        }
        return (report, report.tensors == nil ? [] : placements.all)
    }

    /// A plain ZIP's report: when entries hold pickles, their globals, the verdict and PT006 for
    /// pickles not named as such; otherwise only the archive's own findings.
    public static func scanZip(_ file: MappedFile, limits: PickleLimits = PickleLimits()) throws -> ModelReport {
        let archive = try ZipArchive(file)
        var builder = PTReportBuilder(file, format: .zip, context: .weightsOnly)
        builder.findings += archive.findings
        var scanner = ArchiveScanner(limits: limits)
        try scanner.scan(archive, into: &builder)
        guard scanner.pickles > 0 else {
            var report = ModelReport(path: file.path, format: .zip, size: file.size)
            report.findings = builder.findings
            return report
        }
        return builder.finish(tensors: nil)
    }
}
