import ModelArtifact

/// The ONNX finding codes, each meaning fixed:
///
/// - ONNX001 (error): `ir_version` missing or 0.
/// - ONNX002 (error): `ir_version` newer than the newest IR version known.
/// - ONNX003 (error): no `opset_import` in a model of IR version 3 or later, or one in an older model.
/// - ONNX004 (error): a node's domain has no opset import (in the model, or in its local function).
/// - ONNX005 (error): two graph inputs (or function inputs) with one name.
/// - ONNX006 (error): two initializers (dense or sparse) with one name.
/// - ONNX007 (error): a node input that is no graph input, initializer or earlier node output
///   (the graph is not topologically sorted, or the name is undefined).
/// - ONNX008 (error): a value produced twice (the graph is not in SSA form).
/// - ONNX009 (error): an initializer that is not a graph input, in a model of IR version 3 or older.
/// - ONNX010 (error): tensor data whose size does not match its dims × data type.
/// - ONNX011 (error): tensor data in two places (two value fields, or external and inline).
/// - ONNX012 (error): a STRING tensor in `raw_data`.
/// - ONNX013 (error): a data type that is UNDEFINED, missing or not one ONNX defines.
/// - ONNX014 (error): tensor data in a field its data type does not use, data in a 0-element
///   tensor, or no data in a non-empty one.
/// - ONNX015 (error): an external-data location that is missing, empty, absolute, has `..`, is
///   no regular file or is a symbolic link out of the model's folder.
/// - ONNX016 (error): an external-data file that does not exist.
/// - ONNX017 (error): an external-data range that is not numbers or lies past the file's end.
/// - ONNX018 (error): a required field missing or empty (graph, value, node, attribute, function
///   names, value types), a node with no inputs and no outputs, or a malformed attribute.
/// - ONNX019 (error): a key repeated in `metadata_props`.
/// - ONNX020 (error): a local function that repeats an output or an attribute.
/// - ONNX021 (error): a sparse tensor whose values, indices or dims break the sparse rules.
/// A class, so that the texts a finding is made from may read the checker while it records one.
final class ONNXFindings {
    private var list = CappedFindings(cap: 20)
    /// Findings added per code, kept or not: past the cap a finding's text is never made. A short
    /// list searched in order (there are 21 codes): cheaper than hashing once per node.
    private var added: [(code: String, count: Int)] = []
    /// The message onnx's checker gives for the first rule it enforces that the model breaks.
    private(set) var checkerMessage: String?

    /// The findings kept.
    var all: [Finding] { list.all }

    /// Records a finding; `checker` is onnx checker's exact message when the rule is one it enforces,
    /// `context` the node context onnx appends to it. The texts are made only when they are kept:
    /// a graph of millions of broken nodes costs a count per node.
    func add(_ code: String, _ message: @autoclosure () -> String, checker: @autoclosure () -> String? = nil,
                      context: @autoclosure () -> String? = nil, location: @autoclosure () -> String?,
                      severity: Severity = .error) {
        if checkerMessage == nil, let checker = checker() {
            checkerMessage = checker + (context().map { "\n\n==> Context: " + $0 } ?? "")
        }
        let n: Int
        if let index = added.firstIndex(where: { $0.code == code }) {
            n = added[index].count + 1
            added[index].count = n
        } else {
            n = 1
            added.append((code, 1))
        }
        guard n <= list.cap + 1 else { return }
        list.add(severity, code, n <= list.cap ? message() : "", location: n <= list.cap ? location() : nil)
    }

    /// The report's `checker` member: `ok`, or onnx checker's message for the first rule broken.
    var checkerVerdict: String { checkerMessage ?? "ok" }
}
