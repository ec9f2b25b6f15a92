import ModelArtifact
import ModelInspector
import NIOPosix
import PTReader

/// The whole file judged after its last byte: the same report as `synap-tool inspect --json`, and
/// the pickle verdict, which fails closed.
enum UploadJudgement {
    /// An accepted file's report (its paths naming the uploaded file) and verdict.
    struct Accepted {
        var report: ModelReport
        var verdict: PickleVerdict?
    }

    /// Judges the temporary file at `path`, uploaded as `fileName`, off the request's executor:
    /// 400 `unsafe_pickle` for an unsafe or unknown verdict (the disallowed globals in the details),
    /// 400 `invalid_model` for a file with error findings or one its reader refuses.
    /// The verdict is noted in `notes` (for the request's log line), refused or not.
    static func judge(path: String, fileName: String, notes: RequestNotes) async throws -> Accepted {
        try await NIOThreadPool.singleton.runIfActive { try judgeNow(path: path, fileName: fileName, notes: notes) }
    }

    static func judgeNow(path: String, fileName: String, notes: RequestNotes) throws(APIFailure) -> Accepted {
        let rename: (String) -> String = { $0.replacing(path, with: fileName) }
        let report: ModelReport
        do {
            report = try ModelInspector.inspect(path: path).mapStrings(rename)
        } catch {
            // A reader refused the file; the verdict alone still says whether it is a hostile pickle.
            if let judged = try? ModelInspector.judge(path: path).mapStrings(rename) { try refuseUnsafe(judged, notes: notes) }
            throw .badRequest(.invalidModel, "\(fileName) is not a valid model file", details: rename(String(describing: error)))
        }
        notes.upload(format: nil, verdict: report.verdict?.rawValue)
        try refuseUnsafe(report, notes: notes)
        let errors = report.findings.filter { $0.severity == .error }
        guard errors.isEmpty else {
            let codes = errors.map(\.code).joined(separator: ", ")
            throw .badRequest(.invalidModel, "\(fileName) has \(errors.count) error finding\(errors.count == 1 ? "" : "s"): \(codes)",
                              details: JSONWriter.string(.array(errors.map(\.json)), style: .compact))
        }
        return Accepted(report: report, verdict: report.verdict)
    }

    /// Throws `unsafe_pickle` when the report's verdict is not `safe`.
    private static func refuseUnsafe(_ report: ModelReport, notes: RequestNotes) throws(APIFailure) {
        guard let verdict = report.verdict, verdict != .safe else { return }
        notes.upload(format: nil, verdict: verdict.rawValue)
        let disallowed = report.section(PyTorchSection.self)?.disallowed ?? []
        let names = disallowed.map(\.global)
        let what = names.isEmpty ? "its pickle cannot be shown safe" : "its pickle imports \(names.joined(separator: ", "))"
        throw .badRequest(.unsafePickle, "the pickle verdict is \(verdict.rawValue): \(what)",
                          details: JSONWriter.string(.array(disallowed.map(\.json)), style: .compact))
    }
}
