import ModelArtifact

/// Assembles the report of a file that holds pickles: the gate's judgement of every pickle a loader
/// would unpickle (`pickle` section, `verdict`, PT001–PT006, PT014–PT017), the tensors the reader
/// finds when the file is safe, and the reader's findings.
struct PTReportBuilder {
    /// The report being built.
    var report: ModelReport
    /// The gate's judgement, which readers add to only for streams the gate did not read.
    private(set) var gate: GateResult
    /// Findings beyond the judgement's, in the order met.
    var findings: [Finding] = []
    /// The `pytorch` section: the readers' records (its disallowed globals are the judgement's).
    var section = PyTorchSection()

    init(_ file: MappedFile, format: ModelFormat, gate: GateResult) {
        report = ModelReport(path: file.path, format: format, size: file.size)
        self.gate = gate
    }

    /// The judgement so far.
    var judge: PickleJudge { gate.judge }

    /// True while no global outside the allow-list has been met.
    var isSafe: Bool { gate.judge.disallowed.isEmpty }

    /// True when tensors may be reported: every global allow-listed and nothing left unread.
    var mayListTensors: Bool { gate.verdict != .unsafe && gate.verdict != .unknown }

    /// The stream of `source` (whose bytes lie at `key` of the file): the one the gate judged, or,
    /// when the gate did not read it, run and judged now as a stream the loader reads. Throws its
    /// failure when it broke off before any global outside the allow-list (a malformed file).
    mutating func stream(_ source: PickleSource, key: Range<Int>) throws -> PickleStream {
        let stream: PickleStream
        if let judged = gate.stream(at: key) {
            stream = judged.stream
        } else {
            stream = PickleStream(source, limits: gate.limits, trailing: true)
            gate.loaded(stream, source, key: key)
        }
        try requireComplete(stream)
        return stream
    }

    /// Throws `stream`'s failure when it broke off before any global outside the allow-list: the
    /// file is malformed (an unsafe one is reported as such instead).
    func requireComplete(_ stream: PickleStream) throws {
        if let failure = stream.failure, isSafe { throw failure }
    }

    /// Walks `root` of `stream` for tensors named under `prefix`.
    func tensors(in stream: PickleStream, root: PickleValue, prefix: String = "",
                 recognizer: TorchTensorRecognizer? = nil) throws -> [TensorWalker.Found] {
        let graph = stream.machine.graph
        var walker = TensorWalker(graph: graph, maxDepth: stream.machine.limits.maxDepth,
                                  reader: ByteReader(graph.file, range: 0..<graph.file.size), recognizer: recognizer)
        try walker.walk(root, prefix: prefix)
        return walker.found
    }

    /// The finished report: `tensors` (left out when nil or when the file is not safe), the
    /// `pickle` section, the verdict and the findings (the judgement's first).
    func finish(tensors: [TensorInfo]?) -> ModelReport {
        var result = report
        if mayListTensors { result.tensors = tensors }
        let judged = gate.verdict != nil
        if judged { result.set(gate.judge.section) }
        var pytorch = section
        pytorch.disallowed = gate.judge.disallowedGlobals
        if !pytorch.isEmpty { result.set(pytorch) }
        result.verdict = gate.verdict
        result.findings = gate.judge.findings() + gate.findings + findings + result.findings
        return result
    }
}
