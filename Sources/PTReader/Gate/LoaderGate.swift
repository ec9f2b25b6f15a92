import ModelArtifact
import ZipContainer

/// Judges a file the way its loader would open it: every pickle the loader would unpickle is read
/// by the inert machine, reached the way the loader reaches it, and judged against the allow-list.
///
/// The dispatch is `torch.load`'s (torch/serialization.py): a file whose first bytes are a ZIP
/// local header (`_is_zipfile`) is read as miniz reads it (`ZipGate`: `data.pkl` under the first
/// entry's folder, `constants.pkl` too for TorchScript, matched ignoring case, in every central
/// directory an end record points to); a tar archive (`_legacy_load`'s `legacy_load`) by its
/// `storages`, `tensors` and `pickle` members (`TarGate`); a NumPy array by its header (`NpyGate`:
/// `np.load(allow_pickle=True)` unpickles an object array's payload); anything else as a pickle
/// stream from byte 0 (`StreamGate`: a legacy file's five pickles, or a bare pickle's every one).
/// Deny by default: what cannot be read makes the verdict `unknown`, never `safe`.
enum LoaderGate {
    /// Most bytes of one pickle a loader reads that are inflated or copied for judging.
    static let maxPickleBytes = 256 << 20
    /// Most bytes of an entry no loader is known to read that are sniffed for a pickle.
    static let maxSniffBytes = 64 << 20
    /// Most bytes inflated for judging one file, nested archives included.
    static let maxInflatedBytes = 1 << 30

    /// Most pickle instructions run for one file, nested archives included (each stream also stays
    /// within `PickleLimits.maxInstructions`): about 4 s of work on this machine's slowest cases.
    static let maxInstructions = 100_000_000

    /// What is left of one file's budgets: bytes inflated, instructions run.
    struct Budget {
        var remaining = LoaderGate.maxInflatedBytes
        var instructions = LoaderGate.maxInstructions

        /// `limits` with no more instructions than are left.
        func limiting(_ limits: PickleLimits) -> PickleLimits {
            var capped = limits
            capped.maxInstructions = max(0, min(limits.maxInstructions, instructions))
            return capped
        }

        /// Takes what `stream` ran from the budget.
        mutating func spend(_ stream: PickleStream) {
            instructions -= stream.runs.reduce(0) { $0 + $1.instructions + 1 }
        }
    }

    /// The judgement of a file, and for a pickle stream its runs (the readers name tensors from them).
    struct Judgement {
        var result: GateResult
        var stream: StreamGate.Outcome?
    }

    /// Judges `file` as its loader would open it.
    static func judge(_ file: MappedFile, limits: PickleLimits = PickleLimits()) -> Judgement {
        let bytes = file.bytes
        if bytes.has(FormatSignatures.zipLocalHeader) {
            var budget = Budget()
            return Judgement(result: ZipGate.judge(file, limits: limits, budget: &budget, depth: 0))
        }
        if TarGate.isTar(file) { return Judgement(result: TarGate.judge(file, limits: limits)) }
        if bytes.has(FormatSignatures.npy) { return Judgement(result: NpyGate.judge(file, limits: limits)) }
        var outcome = StreamGate.judge(file, limits: limits)
        // A ZIP that does not start with a local header is still a ZIP to Python's zipfile and to
        // np.load (`PK\x05\x06` first opens an NpzFile): its entries are judged too.
        let view = ZipLoaderView(file)
        if !view.readings.isEmpty {
            var budget = Budget()
            outcome.result.absorb(ZipGate.judge(file, limits: limits, budget: &budget, depth: 1, view: view))
        }
        return Judgement(result: outcome.result, stream: outcome)
    }

    /// Errors at which CPython's unpickler stops at the same instruction (`Modules/_pickle.c`):
    /// a stream that stops at one of them having reached no global imported nothing. Other errors
    /// (text the machine parses more strictly than Python, our caps) leave the rest unjudged.
    static let loaderStops: Set<String> = [
        "pickle-unknown-opcode", "pickle-truncated", "truncated", "pickle-negative-length", "pickle-length-too-large",
        "pickle-bad-protocol", "pickle-stack-underflow", "pickle-no-mark", "pickle-odd-items",
        "pickle-out-of-band-buffer", "pickle-bad-global", "pickle-memo-missing",
    ]

    /// True when `stream` is no pickle at all: it has no PROTO opcode, reached no global, and the
    /// loader stops at its first instruction or at a byte that is no opcode (an image, text, random
    /// bytes). A stream that looks like a pickle and then breaks off is not this: it is `unknown`.
    static func isNoPickle(_ stream: PickleStream) -> Bool {
        guard let failure = stream.failure, let run = stream.runs.first, stream.runs.count == 1, run.proto == 0,
              stream.machine.graph.globals.isEmpty, loaderStops.contains(failure.rule) else { return false }
        return run.instructions == 0 || failure.rule == "pickle-unknown-opcode"
    }
}
