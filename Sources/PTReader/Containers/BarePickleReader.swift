import ModelArtifact

/// A bare pickle (`.pkl`, `.pickle`, a `.bin` that is no archive): every pickle in the file is
/// judged by the gate, back to back; tensors are named when the file is safe, without byte ranges
/// (a bare pickle carries no storages).
enum BarePickleReader {
    static func read(_ file: MappedFile, gate: StreamGate.Outcome, builder: inout PTReportBuilder) throws -> ModelReport {
        guard let stream = gate.stream else {
            throw gate.stop ?? file.reader().error("pickle-unknown-opcode", expected: "a pickle", found: "other bytes", at: 0)
        }
        try builder.requireComplete(stream)
        var tensors: [TensorInfo]?
        if builder.isSafe, let root = stream.root {
            let found = try builder.tensors(in: stream, root: root)
            if !found.isEmpty {
                let layout = TensorLayout(found) { storage in
                    StorageBytes(offset: nil, length: Int.max, place: "'\(storage.key)'",
                                 unreadable: "is not in the file (a bare pickle carries no storages)")
                }
                tensors = layout.tensors
                builder.findings += layout.findings
            }
        }
        builder.section.container = .pickle(pickles: stream.runs.count)
        return builder.finish(tensors: tensors)
    }
}
