import ArgumentParser
import ModelArtifact
import ModelInspector

/// `synap-tool scan PATH…`: the pickle verdict of each file alone, for CI.
struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Judge the pickles in model files without running them: safe or unsafe, and why.",
        discussion: """
            Every global a pickle references is checked against the allow-list of
            torch.load(weights_only=True) (plus, in TorchScript archives, the classes and helpers
            torch.jit.load resolves itself); anything else makes the file unsafe, with the module,
            name and byte offset of the opcode. Nothing is imported or called. Files without pickles
            (safetensors, GGUF, ONNX…) are reported as such.
            Exit codes: 0 every file safe; 1 a file is unsafe; 3 a file is unreadable or malformed.
            """)

    @Argument(help: "Model files (PyTorch .pt/.pth/.bin/.jit/.pt2, pickles, ZIP archives) or checkpoint folders.")
    var paths: [String]

    @Option(name: .long, help: "Output: text, json, sarif (SARIF 2.1.0) or github (workflow annotations).")
    var format: ScanFormat = .text

    func run() throws {
        var results: [ScanResult] = []
        for path in paths {
            do {
                results.append(ScanResult(path: path, report: try ModelInspector.inspect(path: path)))
            } catch let failure as ArtifactError {
                results.append(ScanResult(path: path, error: failure))
            }
        }
        ScanOutput(results: results).write(format)
        if results.contains(where: { $0.error != nil }) { throw ToolExit.malformed }
        if results.contains(where: { $0.report?.verdict == "unsafe" }) { throw ToolExit.findings }
    }
}

/// How `scan` writes its results.
enum ScanFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif, github
}

/// One file's outcome: its report, or why it could not be read.
struct ScanResult {
    let path: String
    var report: ModelReport?
    var error: ArtifactError?

    init(path: String, report: ModelReport) {
        self.path = path
        self.report = report
    }

    init(path: String, error: ArtifactError) {
        self.path = path
        self.error = error
    }
}
