import FormatProbe
import ModelArtifact
import PTReader
import SystemSeam

/// The pickle verdict of files as their loaders open them (what `scan` reports), and the files a
/// folder holds for it to judge.
extension ModelInspector {
    /// Formats whose own loaders unpickle nothing. A file of one of them is judged as a pickle
    /// stream only when its name says a pickle loader opens it (`torch.load` on `pytorch_model.bin`).
    public static let pickleFreeFormats: Set<ModelFormat> = [.safetensors, .gguf, .onnx, .tflite, .synap, .ebg, .nbg, .ggml]

    /// Extensions by which `torch.load`, `pickle`, joblib and NumPy loaders open files.
    public static let pickleLoaderExtensions: Set<String> = [
        "bin", "pt", "pth", "ckpt", "pkl", "pickle", "jit", "pt2", "tar", "joblib", "dat", "data", "npy", "npz", "mar",
    ]

    /// True when a loader of the file named `path` unpickles what it holds, given its content's format.
    public static func loaderUnpickles(_ path: String, format: ModelFormat) -> Bool {
        !pickleFreeFormats.contains(format) || namedForPickleLoader(path)
    }

    /// True when the name of `path` ends in an extension a pickle loader opens files by.
    public static func namedForPickleLoader(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return false }
        return pickleLoaderExtensions.contains(name[name.index(after: dot)...].lowercased())
    }

    /// The verdict of the regular file at `path` as its loader would open it: every pickle that
    /// loader would unpickle, read the way it reaches it, judged (the `pickle` section, verdict and
    /// PT findings). A file no loader unpickles has no verdict. Throws only when the file cannot
    /// be read at all.
    public static func judge(path: String) throws -> ModelReport {
        let status = FileStatus(path: path)
        if status.kind == .regular, status.size == 0 {
            return ModelReport(path: path, format: .unknown, size: 0)
        }
        return judge(try MappedFile(path: path))
    }

    /// The verdict of a mapped file, named by its path, as its loader would open it; `format` is
    /// its detected format when the caller has detected it already.
    public static func judge(_ file: MappedFile, format known: ModelFormat? = nil) -> ModelReport {
        let path = file.path
        let format = known ?? FormatProbe.detect(file: file).format
        guard loaderUnpickles(path, format: format) else { return ModelReport(path: path, format: format, size: file.size) }
        var report = PTReader.judge(file, as: format)
        if pickleFreeFormats.contains(format), report.verdict != nil {
            report.findings.append(Finding(PTFindingCode.readersDisagree,
                                           "the content is \(format.rawValue), but the name says a pickle loader opens it: torch.load would unpickle it from its first byte, so it is judged that way",
                                           location: path))
        }
        return report
    }

    /// One file below a folder `scan` walks: judged, or left out and why.
    public struct FolderItem: Sendable {
        /// The path (the folder joined with the name below it).
        public var path: String
        /// The report, or why the file could not be read.
        public var outcome: Result<ModelReport, ArtifactError>?
        /// Why it was left out: a link that leaves the folder (SCAN001), a special file (SCAN002), a
        /// link that leads nowhere (SCAN003).
        public var skipped: Finding?
    }

    /// Every file below `folder`, each judged by its content as its loader would open it (hidden
    /// names included: a loader opens any name; git's own `.git` store left out), in path order. No symbolic link is followed out of
    /// the folder (`ContainedPath.walk`): such links, special files and dangling links are listed as
    /// left out, never read.
    public static func judgeFolder(_ folder: String) throws -> [FolderItem] {
        try judgeFolder(LocalFolder(folder))
    }

    /// Every file below a folder, local or remote, judged as `judgeFolder(_:)` says.
    public static func judgeFolder(_ folder: some ArtifactFolder) throws -> [FolderItem] {
        try folder.walk(skipHidden: false, skipping: [".git"]).map { entry in
            let path = FolderListing.join(folder.path, entry.relative)
            switch entry.entry {
            case .file(let file):
                guard file.size > 0 else { return FolderItem(path: path, outcome: .success(ModelReport(path: path, format: .unknown, size: 0))) }
                do {
                    return FolderItem(path: path, outcome: .success(judge(try file.map())))
                } catch let failure as ArtifactError {
                    return FolderItem(path: path, outcome: .failure(failure))
                } catch {
                    return FolderItem(path: path, outcome: .failure(ArtifactError(file: path, offset: nil, rule: "unreadable",
                                                                                  expected: "a readable file", found: "\(error)")))
                }
            case .outsideByLink(_, let link, let target):
                return FolderItem(path: path, skipped: Finding(InspectorFindingCode.scanLinkLeaves,
                                                               "a symbolic link (to \(link ?? "a folder outside")) whose target \(target) leaves the folder; not followed",
                                                               location: path))
            case .special(_, let kind):
                return FolderItem(path: path, skipped: Finding(InspectorFindingCode.scanNotRegular,
                                                               "\(kind), not a regular file; not read", location: path))
            case .missing(_, let reason):
                return FolderItem(path: path, skipped: Finding(InspectorFindingCode.scanLinkNowhere, "\(reason); not read", location: path))
            case .folder, .outsideByName:
                return FolderItem(path: path, skipped: Finding(InspectorFindingCode.scanNotRegular,
                                                               "not a regular file; not read", location: path))
            }
        }
    }
}
