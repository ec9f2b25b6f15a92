import ModelArtifact

/// Judges a NumPy `.npy` array as `np.load(allow_pickle=True)` reads it (numpy/lib/format.py
/// `read_array`): when the header's dtype holds Python objects, the payload is one pickle, which
/// NumPy unpickles. A header that does not parse is treated as possibly holding objects: its
/// payload is run as a pickle too, and counts when it is one.
enum NpyGate {
    static func judge(_ file: MappedFile, limits: PickleLimits) -> GateResult {
        var result = GateResult(context: .weightsOnly, limits: limits)
        guard let header = try? NpyHeader(file) else {
            result.findings.append(Finding(PTFindingCode.objectArray,
                                           "a NumPy header cut short; NumPy cannot load it", location: file.path))
            return result
        }
        let objects = header.holdsObjects
        guard objects != false, header.payload < file.size else { return result }
        let source = PickleSource(file: file, range: header.payload..<file.size, name: file.path)
        let stream = PickleStream(source, limits: limits, trailing: false)
        if objects == nil, LoaderGate.isNoPickle(stream) { return result }
        result.findings.append(Finding(PTFindingCode.objectArray,
                                   objects == true ? "an array of Python objects: np.load(allow_pickle=True) unpickles its payload"
                                                   : "a NumPy header that does not parse; its payload is judged as the pickle it may be",
                                   location: Finding.location(file.path, header.payload)))
        result.loaded(stream, source, key: source.range)
        return result
    }
}
