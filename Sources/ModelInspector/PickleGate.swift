#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FormatProbe
import ModelArtifact
import PTReader

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
        guard pickleFreeFormats.contains(format) else { return true }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return false }
        return pickleLoaderExtensions.contains(name[name.index(after: dot)...].lowercased())
    }

    /// The verdict of the regular file at `path` as its loader would open it: every pickle that
    /// loader would unpickle, read the way it reaches it, judged (the `pickle` section, verdict and
    /// PT findings). A file no loader unpickles has no verdict. Throws only when the file cannot
    /// be read at all.
    public static func judge(path: String) throws -> ModelReport {
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size == 0 {
            return ModelReport(path: path, format: .unknown, size: 0)
        }
        let file = try MappedFile(path: path)
        let format = FormatProbe.detect(file: file).format
        guard loaderUnpickles(path, format: format) else { return ModelReport(path: path, format: format, size: file.size) }
        var report = PTReader.judge(file, as: format)
        if pickleFreeFormats.contains(format), report.verdict != nil {
            report.findings.append(Finding(.warning, "PT015",
                                           "the content is \(format.rawValue), but the name says a pickle loader opens it: torch.load would unpickle it from its first byte, so it is judged that way",
                                           location: path))
        }
        return report
    }

    /// The files below `folder` for `scan` to judge, each as a path under it, sorted; and what was
    /// left out: symbolic links whose target leaves the folder (never followed), special files, and
    /// `.git` folders. Symbolic links that stay inside are judged under their own name.
    public static func filesToJudge(under folder: String, limit: Int = 1_000_000) throws -> (files: [String], skipped: [Finding]) {
        guard let root = realPath(folder) else {
            throw ArtifactError(file: folder, offset: nil, rule: "unreadable", expected: "a readable folder", found: String(cString: strerror(errno)))
        }
        var files: [String] = []
        var skipped: [Finding] = []
        func walk(_ path: String, depth: Int) throws {
            guard depth <= 64 else {
                throw ArtifactError(file: path, offset: nil, rule: "folder-too-deep", expected: "at most 64 levels of folders", found: "more")
            }
            for (name, kind) in try FolderListing.entries(path) {
                let child = FolderListing.join(path, name)
                switch kind {
                case .file:
                    files.append(child)
                case .folder where name != ".git":
                    try walk(child, depth: depth + 1)
                case .symlink:
                    guard let target = realPath(child), target == root || target.hasPrefix(root + "/") else {
                        skipped.append(Finding(.warning, "SCAN001", "a symbolic link whose target leaves the folder; not followed", location: child))
                        continue
                    }
                    var info = stat()
                    if stat(child, &info) == 0, info.st_mode & S_IFMT == S_IFREG { files.append(child) }
                case .other:
                    skipped.append(Finding(.info, "SCAN002", "not a regular file; not read", location: child))
                default:
                    continue
                }
                guard files.count <= limit else {
                    throw ArtifactError(file: folder, offset: nil, rule: "folder-too-large", expected: "at most \(limit) files", found: "more")
                }
            }
        }
        try walk(folder, depth: 0)
        return (files.sorted(), skipped)
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
