import ModelArtifact

/// One pickle stream the gate read, how a loader reaches it, and where its bytes lie.
struct JudgedStream {
    /// How a loader reaches a stream.
    enum Role {
        /// The loader unpickles it (`data.pkl`, a legacy file's pickles, an object array's payload):
        /// a stream that cannot be read to its end makes the verdict `unknown`.
        case loaded
        /// Judged for strictness only: a pickle the usual loader does not read (PT006).
        case hidden
    }

    var stream: PickleStream
    var source: PickleSource
    var role: Role
    /// The bytes' range in the outer file: an entry's (possibly compressed) data, or the file's range.
    var key: Range<Int>
}

/// What the gate found: every pickle a loader would unpickle (and hidden ones), judged; the reasons
/// the verdict cannot be `safe` when something could not be read; the findings on the way.
struct GateResult {
    /// The judgement of every global every judged stream references.
    var judge: PickleJudge
    /// The streams read, in the order met.
    var streams: [JudgedStream] = []
    /// Findings: PT002–PT006, PT014–PT018.
    var findings: [Finding] = []
    /// True when something a loader would unpickle could not be read to its end.
    private(set) var isIncomplete = false
    /// Pickles judged inside nested archives (their streams belong to other files).
    private(set) var nestedPickles = 0
    /// The caps every stream ran with.
    let limits: PickleLimits

    init(context: PickleAllowList.Context, limits: PickleLimits) {
        judge = PickleJudge(context: context)
        self.limits = limits
    }

    /// The verdict: `unsafe` as soon as one global is outside the allow-list; `unknown` when a
    /// stream a loader reads could not be read to its end; `safe` when streams were read; nil when
    /// the file holds no pickle any loader reads.
    var verdict: PickleVerdict? {
        if !judge.disallowed.isEmpty { return .unsafe }
        if isIncomplete { return .unknown }
        return streams.isEmpty && nestedPickles == 0 ? nil : .safe
    }

    /// The stream read from the bytes at `key` of the outer file, if any.
    func stream(at key: Range<Int>) -> JudgedStream? {
        streams.first { $0.key == key }
    }

    /// Records that the verdict cannot be safe, and why (PT014).
    mutating func incomplete(_ reason: String, location: String?) {
        isIncomplete = true
        findings.append(Finding(PTFindingCode.verdictUnknown, "the verdict is unknown: \(reason)", location: location))
    }

    /// Judges `stream`, a pickle the loader unpickles: every global it reaches counts, and when it
    /// breaks off before its end the verdict is `unsafe` (a disallowed global came first, PT002) or
    /// `unknown` (PT014).
    mutating func loaded(_ stream: PickleStream, _ source: PickleSource, key: Range<Int>) {
        judge.add(stream.machine.graph, source: source.name, origin: source.range.lowerBound, userAllowed: limits.userAllowed)
        findings += stream.findings
        if let failure = stream.failure {
            let place = failure.offset.map { source.location($0) } ?? source.name
            let what = "\(failure.rule): expected \(failure.expected), found \(failure.found)"
            if judge.disallowed.isEmpty {
                incomplete("the loader unpickles '\(source.name)', which breaks off before its end (\(what))", location: place)
            } else {
                findings.append(Finding(PTFindingCode.brokenAfterUnsafe,
                                    "the pickle breaks off after referencing globals outside the allow-list: \(what)", location: place))
            }
        }
        streams.append(JudgedStream(stream: stream, source: source, role: .loaded, key: key))
    }

    /// Judges a stream no loader is known to read (PT006; `torch.load(pickle_file=…)` can name any
    /// entry): when its name says it is a pickle, or it starts with a binary protocol's PROTO opcode,
    /// every global it reaches counts, even if it then breaks off; otherwise (text that happens to
    /// begin with an opcode, such as TorchScript's `code/*.py`) only a stream that runs cleanly to
    /// its STOP counts as a pickle. Returns true when it was judged.
    @discardableResult
    mutating func hidden(_ stream: PickleStream, _ source: PickleSource, key: Range<Int>, namedAsPickle: Bool, why: String) -> Bool {
        let graph = stream.machine.graph
        let binary = (stream.runs.first?.proto ?? 0) >= 2
        guard stream.failure == nil || ((namedAsPickle || binary) && !graph.globals.isEmpty) else { return false }
        judge.add(graph, source: source.name, origin: source.range.lowerBound, userAllowed: limits.userAllowed)
        findings += stream.findings
        findings.append(Finding(PTFindingCode.hiddenPickle, "entry '\(source.name)' \(why); judged too", location: source.name))
        streams.append(JudgedStream(stream: stream, source: source, role: .hidden, key: key))
        return true
    }

    /// Merges another file's result into this one (entries of a nested archive, a folder's files).
    mutating func absorb(_ other: GateResult) {
        judge.absorb(other.judge)
        findings += other.findings
        if other.isIncomplete { isIncomplete = true }
        nestedPickles += other.streams.count + other.nestedPickles
    }
}
