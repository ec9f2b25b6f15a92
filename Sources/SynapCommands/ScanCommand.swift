import ArgumentParser
import ModelArtifact
import ModelInspector

/// `synap-tool scan PATH…`: the pickle verdict of each file alone, for CI.
struct Scan: ResultCommand, ReadsRemoteInputs {
    static let configuration = CommandConfiguration(
        abstract: "Judge the pickles in model files without running them: safe, unsafe or unknown, and why.",
        discussion: """
            Each file is judged the way its loader would open it: torch.load's dispatch (a ZIP read as PyTorch's miniz reads it, the legacy tar format, anything else as a pickle stream from its first byte), NumPy's for arrays. Every pickle that loader would unpickle is run by an inert machine and every global it reaches is checked against the allow-list of torch.load(weights_only=True) (plus, in TorchScript archives, the classes and helpers torch.jit.load resolves itself); nothing is imported or called. A folder is walked recursively: every regular file is judged by its content, and no symbolic link is followed out of it.

            A file is safe only when every pickle its loader would unpickle was read to its end and only allow-listed globals appear. It is unsafe as soon as one other global is reachable, and unknown (never safe) when something the loader would read could not be read to its end: a cap, a pickle that breaks off, an entry that cannot be read.

            Exit codes: 0 every file safe or without pickles; 1 a file is unsafe or unknown; 3 a file could not be read.
            """)

    @Argument(help: "Model files (PyTorch .pt/.pth/.bin/.jit/.pt2, pickles, NumPy arrays, ZIP and tar archives) or folders to walk.")
    var paths: [String]

    @Option(name: .long, help: "Output: text, json, sarif (SARIF 2.1.0) or github (workflow annotations).")
    var format: ScanFormat = .text

    @OptionGroup var remote: RemoteOptions

    var remoteInputs: [String] { paths.filter(Remote.isRemote) }

    func execute() throws -> CommandResult {
        var results: [ScanResult] = []
        for path in paths {
            if Remote.isRemote(path) {
                do {
                    results += try Remote.backend(remote).scan(path)
                } catch let failure as ArtifactError {
                    results.append(ScanResult(path: path, error: failure))
                }
            } else if FolderListing.isFolder(path) {
                do {
                    results += try ModelInspector.judgeFolder(path).compactMap(ScanResult.init)
                } catch let failure as ArtifactError {
                    results.append(ScanResult(path: path, error: failure))
                }
            } else {
                results.append(Self.judge(path))
            }
        }
        ScanOutput(results: results).write(format)
        return CommandResult(unreadable: results.filter { $0.error != nil }.count,
                             worstVerdict: results.compactMap { $0.report?.verdict }.max())
    }

    static func judge(_ path: String) -> ScanResult {
        do {
            return ScanResult(path: path, report: try ModelInspector.judge(path: path))
        } catch let failure as ArtifactError {
            return ScanResult(path: path, error: failure)
        } catch {
            return ScanResult(path: path, error: ArtifactError(file: path, offset: nil, rule: "unreadable", expected: "a readable file",
                                                               found: "\(error)"))
        }
    }
}

/// How `scan` writes its results.
enum ScanFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif, github
}

/// One file's outcome: its report, why it could not be read, or why it was left out.
package struct ScanResult {
    package let path: String
    package var report: ModelReport?
    package var error: ArtifactError?
    package var skipped: Finding?
    /// For a remote file, what reading it took.
    package var remote: RemoteSection?

    package init(path: String, report: ModelReport) {
        self.path = path
        self.report = report
    }

    package init(path: String, error: ArtifactError) {
        self.path = path
        self.error = error
    }

    package init(path: String, skipped: Finding) {
        self.path = path
        self.skipped = skipped
    }

    /// The outcome of one file of a folder scan; nil for an item with nothing to say.
    package init?(_ item: ModelInspector.FolderItem) {
        switch item.outcome {
        case .success(let report)?: self.init(path: item.path, report: report)
        case .failure(let failure)?: self.init(path: item.path, error: failure)
        case nil:
            guard let skipped = item.skipped else { return nil }
            self.init(path: item.path, skipped: skipped)
        }
    }
}
