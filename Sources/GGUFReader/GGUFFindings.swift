import ModelArtifact

/// The GGUF findings, each code in one place, with at most `cap` findings of one code kept.
///
/// - GGUF001 (error): two tensors' bytes overlap.
/// - GGUF002 (error): a metadata key appears twice (llama.cpp refuses the file; gguf-py warns).
/// - GGUF003 (warning): a tensor name of 64 bytes or more (ggml's `GGML_MAX_NAME`; llama.cpp refuses it).
/// - GGUF004 (warning): tensors not laid out back to back in file order, as ggml expects.
/// - GGUF005 (warning): a tensor with more than ggml's 4 dimensions.
struct FindingList {
    private var list = CappedFindings(cap: 20)
    /// The findings kept.
    var all: [Finding] { list.all }

    private mutating func add(_ severity: Severity, _ code: String, _ message: String, location: String?) {
        list.add(severity, code, message, location: location)
    }

    mutating func overlap(_ name: String, _ other: String, file: String, at offset: Int) {
        add(.error, "GGUF001", "tensor \"\(name)\" overlaps the bytes of tensor \"\(other)\"",
            location: Finding.location(file, offset))
    }

    mutating func duplicateKey(_ key: String, file: String, at offset: Int, first: Int) {
        add(.error, "GGUF002",
            "metadata key \"\(key)\" appears again (first at byte \(first)); the first value is reported",
            location: Finding.location(file, offset))
    }

    mutating func longName(_ name: String, file: String, at offset: Int) {
        add(.warning, "GGUF003",
            "tensor name \"\(name)\" is \(name.utf8.count) bytes; ggml accepts names under \(GGUFConstants.ggmlMaxName)",
            location: Finding.location(file, offset))
    }

    mutating func misplaced(count: Int, first: String, found: Int, expected: Int) {
        add(.warning, "GGUF004",
            "\(count) tensor(s) not laid out back to back in file order as ggml expects; first \"\(first)\" at data offset \(found), expected \(expected)",
            location: first)
    }

    mutating func manyDimensions(_ name: String, count: Int, file: String, at offset: Int) {
        add(.warning, "GGUF005",
            "tensor \"\(name)\" has \(count) dimensions; ggml handles at most \(GGUFConstants.ggmlMaxDimensions)",
            location: Finding.location(file, offset))
    }
}
