import ModelArtifact

/// Assembles the report of a file that holds pickles: the judgement of their globals (`pickle`
/// section, `verdict`, PT001/PT002), the tensors when the file is safe, and the findings.
struct PTReportBuilder {
    /// The report being built.
    var report: ModelReport
    /// The judgement of every pickle added.
    private(set) var judge: PickleJudge
    /// Findings beyond the judgement's, in the order met.
    var findings: [Finding] = []
    /// The `pytorch` section.
    var section = JSONObject()

    init(_ file: MappedFile, format: ModelFormat, context: PickleAllowList.Context) {
        report = ModelReport(path: file.path, format: format, size: file.size)
        judge = PickleJudge(context: context)
    }

    /// True while every global judged so far is allow-listed.
    var isSafe: Bool { judge.disallowed.isEmpty }

    /// Judges a stream's globals. When its first pickle failed, throws that error, unless a global
    /// outside the allow-list was met before the failure: then the file is reported unsafe (PT002).
    mutating func add(_ stream: PickleStream, source: PickleSource) throws {
        judge.add(stream.machine.graph, source: source.name, origin: source.range.lowerBound,
                  userAllowed: stream.machine.limits.userAllowed)
        findings += stream.findings
        if let failure = stream.failure {
            guard !isSafe else { throw failure }
            findings.append(.pt(.brokenAfterUnsafe,
                                "the pickle breaks off after referencing globals outside the allow-list: \(failure.rule): expected \(failure.expected), found \(failure.found)",
                                location: failure.offset.map { source.location($0) } ?? source.name))
        }
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

    /// The finished report: `tensors` (left out when nil or when the file is unsafe), the `pickle`
    /// section, the verdict and the findings (the judgement's first).
    func finish(tensors: [TensorInfo]?) -> ModelReport {
        var result = report
        if isSafe { result.tensors = tensors }
        result.sections.append("pickle", judge.section)
        var pytorch = section
        if !isSafe { pytorch.append("disallowed", judge.disallowedJSON) }
        if !pytorch.isEmpty { result.sections.append("pytorch", .object(pytorch)) }
        result.verdict = judge.verdict
        result.findings = judge.findings() + findings + result.findings
        return result
    }
}
