import ModelArtifact

/// A bare pickle (`.pkl`, `.pickle`, a `.bin` that is no archive): every pickle in the file is
/// judged, back to back; tensors are named when the file is safe, without byte ranges (a bare
/// pickle carries no storages).
enum BarePickleReader {
    static func read(_ file: MappedFile, limits: PickleLimits) throws -> ModelReport {
        var builder = PTReportBuilder(file, format: .pickle, context: .weightsOnly)
        let source = PickleSource(file: file, range: 0..<file.size, name: file.path)
        let stream = PickleStream(source, limits: limits, trailing: true)
        try builder.add(stream, source: source)
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
        builder.section.append("container", .string("pickle"))
        builder.section.append("pickles", .int(Int64(stream.runs.count)))
        return builder.finish(tensors: tensors)
    }
}
