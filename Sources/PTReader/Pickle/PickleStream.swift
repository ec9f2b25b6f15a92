import ModelArtifact

/// Where a pickle stream lies: a bare file, a ZIP entry's bytes, a legacy file's pickles.
struct PickleSource {
    /// The file holding the bytes (the mapped file itself, or an inflated entry).
    let file: MappedFile
    /// The stream's bytes in `file`.
    let range: Range<Int>
    /// The name locations use (`archive/data.pkl`, or the file's path).
    let name: String

    /// A location `name@0x…` for absolute offset `offset` of `file`.
    func location(_ offset: Int) -> String {
        Finding.location(name, offset - range.lowerBound)
    }
}

/// The pickles of one stream, read back to back by one machine.
struct PickleStream {
    /// The machine that ran them: its graph holds everything they built and referenced.
    var machine: PickleMachine
    /// Each pickle run, in order.
    var runs: [PickleRun] = []
    /// Trailing pickles and trailing bytes (PT003, PT004).
    var findings: [Finding] = []

    /// The first failure of a pickle the loader reads (`loaded` of them), if any.
    var failure: ArtifactError? { runs.first?.error }
    /// The first pickle's root object.
    var root: PickleValue? { runs.first?.root }
    /// Where the last run ended.
    var end: Int { runs.last?.range.upperBound ?? 0 }

    /// A stream made of runs already done by `machine`.
    init(empty machine: PickleMachine, runs: [PickleRun]) {
        self.machine = machine
        self.runs = runs
    }

    /// Runs the first pickle of `source`; then, when `trailing`, every pickle after it (each one
    /// a PT003 warning) until the bytes end or are not a pickle (PT004).
    init(_ source: PickleSource, limits: PickleLimits, trailing: Bool) {
        machine = PickleMachine(file: source.file, limits: limits)
        var reader = ByteReader(source.file, range: source.range)
        let first = machine.run(&reader)
        runs.append(first)
        guard first.error == nil, trailing else { return }
        readTrailing(&reader, source: source)
    }

    /// Runs `count` more pickles from `reader` (a legacy file's five), stopping at the first failure,
    /// which becomes the stream's failure.
    mutating func runMore(_ count: Int, _ reader: inout ByteReader) {
        for _ in 0..<count {
            let run = machine.run(&reader)
            runs.append(run)
            if let error = run.error {
                runs[0].error = runs[0].error ?? error
                return
            }
        }
    }

    /// Runs every pickle after the ones read until the bytes end or are not a pickle: each one
    /// found is a PT003 warning (a second load would run it), bytes that are none a PT004 one.
    mutating func readTrailing(_ reader: inout ByteReader, source: PickleSource) {
        let limits = machine.limits
        while !reader.isAtEnd {
            guard runs.count < limits.maxPickles else {
                findings.append(Finding(PTFindingCode.anotherPickle,
                                        "more than \(limits.maxPickles) pickles back to back; the rest is not read",
                                    location: source.location(reader.offset)))
                return
            }
            let start = reader.offset
            let run = machine.run(&reader)
            runs.append(run)
            if let error = run.error {
                findings.append(Finding(PTFindingCode.trailingBytes,
                                    "\(source.range.upperBound - start) bytes after the pickle's STOP are not another pickle (\(error.rule) at byte \(error.offset.map { $0 - source.range.lowerBound } ?? 0))",
                                    location: source.location(start)))
                return
            }
            findings.append(Finding(PTFindingCode.anotherPickle,
                                "another pickle (protocol \(run.proto), \(run.range.count) bytes) follows the STOP of the one before; a second load would run it",
                                location: source.location(start)))
        }
    }
}
