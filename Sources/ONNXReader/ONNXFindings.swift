import ModelArtifact

/// The checker's record: its findings, and the message onnx's checker gives for the first rule
/// broken. A class, so that the texts a finding is made from may read the checker while it records one.
final class ONNXFindings {
    private var list = CappedFindings<ONNXFindingCode>()
    /// The message onnx's checker gives for the first rule it enforces that the model breaks.
    private(set) var checkerMessage: String?

    /// The findings kept.
    var all: [Finding] { list.all }

    /// Records a finding; `checker` is onnx checker's exact message when the rule is one it enforces,
    /// `context` the node context onnx appends to it. The texts are made only when they are kept:
    /// a graph of millions of broken nodes costs a count per node.
    func add(_ code: ONNXFindingCode, _ message: @autoclosure () -> String, checker: @autoclosure () -> String? = nil,
             context: @autoclosure () -> String? = nil, location: @autoclosure () -> String?) {
        if checkerMessage == nil, let checker = checker() {
            checkerMessage = checker + (context().map { "\n\n==> Context: " + $0 } ?? "")
        }
        list.add(code, message(), location: location())
    }

    /// The report's `checker` member: `ok`, or onnx checker's message for the first rule broken.
    var checkerVerdict: String { checkerMessage ?? "ok" }
}
