import ModelArtifact

/// Judges a file that is neither a ZIP nor a tar archive as `torch.load` reads it: a pickle stream
/// from byte 0 (`_legacy_load`). When its first pickle is PyTorch's magic number the file is a
/// legacy `torch.save` file, whose five pickles torch unpickles one after another (magic number,
/// protocol version, sys_info, the object, the storage keys) before the raw storages; bytes after
/// the last storage are judged as a hidden stream. Otherwise every pickle back to back is judged
/// (`torch.load` runs the first one before it checks the magic number; `pickle.load` in a loop
/// runs them all). A stream that stops where CPython's unpickler stops too, before any global, is
/// no pickle; one that breaks off later is `unknown`, or `unsafe` when a disallowed global came first.
enum StreamGate {
    /// The judgement, and for a legacy file its five runs.
    struct Outcome {
        var result: GateResult
        /// The stream of a legacy file's five pickles (or of a bare pickle's every one).
        var stream: PickleStream?
        /// True when the first pickle is PyTorch's legacy magic number.
        var isLegacy: Bool
        /// Where the loader stops when the file is no pickle at all.
        var stop: ArtifactError?
    }

    static func judge(_ file: MappedFile, limits: PickleLimits) -> Outcome {
        var result = GateResult(context: .weightsOnly, limits: limits)
        let source = PickleSource(file: file, range: 0..<file.size, name: file.path)
        var stream = PickleStream(source, limits: limits, trailing: false)
        if LoaderGate.isNoPickle(stream) { return Outcome(result: result, stream: nil, isLegacy: false, stop: stream.failure) }
        var reader = ByteReader(file, range: stream.end..<file.size)
        let legacy = stream.failure == nil && LegacyLayout.isMagic(stream.runs[0], in: file)
        if legacy {
            stream.runMore(4, &reader)
        } else if stream.failure == nil {
            stream.readTrailing(&reader, source: source)
        }
        result.loaded(stream, source, key: 0..<file.size)
        if legacy, stream.failure == nil, let end = try? LegacyLayout.locate(stream, file: file).end, end < file.size {
            // Bytes after the last storage: torch does not read them; any pickle there is judged anyway.
            let tail = PickleSource(file: file, range: end..<file.size, name: file.path)
            let hidden = PickleStream(tail, limits: limits, trailing: true)
            if !result.hidden(hidden, tail, key: end..<file.size, namedAsPickle: false, why: "holds a pickle after the last storage") {
                result.findings.append(Finding(PTFindingCode.trailingBytes, "\(file.size - end) bytes follow the last storage",
                                           location: tail.location(end)))
            }
        }
        return Outcome(result: result, stream: stream, isLegacy: legacy, stop: nil)
    }
}
