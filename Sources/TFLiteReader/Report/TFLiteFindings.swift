import ModelArtifact

/// The TFLite findings, each code in one place, at most `cap` kept per code.
///
/// - TFL001 (error): a tensor's buffer index is past the model's buffers.
/// - TFL002 (error): a tensor's data is shorter than its shape × element size.
/// - TFL003 (error): an operator's opcode index is past the model's operator codes.
/// - TFL004 (error): a tensor index (an operator's input, output or intermediate, a subgraph's input or
///   output, a signature's tensor) is past its subgraph's tensors.
/// - TFL005 (error): two buffers' bytes overlap.
/// - TFL006 (error): an offset buffer (a model over 2 GB) reaches past the end of the file.
/// - TFL007 (warning): an operator code with a builtin code this schema does not know (a newer schema).
/// - TFL008 (warning): a tensor type this schema does not know; the tensor is left out of `tensors`.
/// - TFL009 (warning): a schema version other than 3, the only one the TFLite runtime reads.
/// - TFL010 (error): a metadata entry's buffer or a signature's subgraph index is out of range.
/// - TFL011 (warning): fields not aligned to their size, which FlatBuffers' verifier (as TFLite runs it) rejects.
struct TFLiteFindingList {
    /// At most 20 kept per code; one closing finding says when more were left out.
    private var list = CappedFindings(cap: 20)
    /// The findings kept, in order.
    var all: [Finding] { list.all }
    /// The file the locations name.
    let file: String

    init(file: String) { self.file = file }

    private mutating func add(_ severity: Severity, _ code: String, _ message: String, at position: Int?) {
        list.add(severity, code, message, location: position.map { Finding.location(file, $0) })
    }

    mutating func bufferIndex(_ tensor: String, graph: Int, index: UInt32, count: Int, at position: Int) {
        add(.error, "TFL001", "tensor \"\(tensor)\" of subgraph \(graph) names buffer \(index); the model has \(count) buffers",
            at: position)
    }

    mutating func shortData(_ tensor: String, graph: Int, length: UInt64, expected: Int, at position: Int) {
        add(.error, "TFL002", "tensor \"\(tensor)\" of subgraph \(graph) has \(length) bytes of data; its shape and type need \(expected)",
            at: position)
    }

    mutating func opcodeIndex(graph: Int, op: Int, index: UInt32, count: Int, at position: Int) {
        add(.error, "TFL003", "operator \(op) of subgraph \(graph) names operator code \(index); the model has \(count)",
            at: position)
    }

    mutating func tensorIndex(_ what: String, index: Int64, graph: Int, count: Int, at position: Int?) {
        add(.error, "TFL004", "\(what) names tensor \(index); subgraph \(graph) has \(count) tensors", at: position)
    }

    mutating func overlap(_ a: Int, _ b: Int, at position: Int) {
        add(.error, "TFL005", "the bytes of buffers \(a) and \(b) overlap", at: position)
    }

    mutating func pastEnd(_ index: Int, offset: UInt64, size: UInt64, modelSize: Int, at position: Int) {
        add(.error, "TFL006", "buffer \(index) has \(size) bytes at offset \(offset), past the model's \(modelSize) bytes",
            at: position)
    }

    mutating func unknownBuiltin(_ code: Int32, index: Int, at position: Int) {
        add(.warning, "TFL007", "operator code \(index) has builtin code \(code), unknown to this schema (a newer TFLite?)",
            at: position)
    }

    mutating func unknownType(_ tensor: String, graph: Int, type: Int8, at position: Int) {
        add(.warning, "TFL008", "tensor \"\(tensor)\" of subgraph \(graph) has type \(type), unknown to this schema (a newer TFLite?)",
            at: position)
    }

    mutating func version(_ version: UInt32, at position: Int) {
        add(.warning, "TFL009", "schema version \(version); the TFLite runtime reads only version \(TFLiteSchema.version)",
            at: position)
    }

    mutating func reference(_ message: String, at position: Int?) {
        add(.error, "TFL010", message, at: position)
    }

    mutating func misaligned(count: Int, first: Int) {
        add(.warning, "TFL011", "\(count) field(s) not aligned to their size; FlatBuffers' verifier, as TFLite runs it, rejects the file",
            at: first)
    }
}
