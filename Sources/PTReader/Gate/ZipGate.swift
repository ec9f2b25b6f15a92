import ModelArtifact

/// Judges a ZIP archive as `torch.load` opens it, and every other pickle in it as strictly.
///
/// PyTorch's reader (caffe2/serialize/inline_container.cc) names the archive's folder after the
/// first central-directory entry (`init`: the name up to its first `/`) and asks miniz for
/// `<folder>/data.pkl` (`getRecord`), which miniz matches ignoring ASCII case. `torch.load` sends
/// an archive with a `constants.pkl` record to `torch.jit.load` (`_is_torchscript_zip`), which reads
/// `constants.pkl`, `data.pkl` and the code's `.debug_pkl` files. Every central directory an
/// end-record signature points to is read (`ZipLoaderView`), so that two end records, duplicate or
/// case-colliding names and local headers that disagree cannot hide the pickle a loader takes;
/// each disagreement is a PT015 finding. Every other entry is judged too: one named as a pickle
/// by every global it reaches, others when they run as a pickle to STOP, NumPy arrays by their
/// header, and ZIPs inside the archive one level down, within the same inflation budget.
enum ZipGate {
    /// General-purpose flags a loader may refuse or ignore: encrypted, patch, strong encryption,
    /// masked local header.
    static let disputedFlags: UInt16 = 0x0001 | 0x0020 | 0x0040 | 0x2000

    /// Judges `file`; `prefix` (`outer.zip!/`) names the archive holding it in locations.
    static func judge(_ file: MappedFile, limits: PickleLimits, budget: inout LoaderGate.Budget, depth: Int,
                      prefix: String = "", view read: ZipLoaderView? = nil) -> GateResult {
        let view = read ?? ZipLoaderView(file)
        let folders = view.readings.map { view.folder(of: $0) }
        // torch.jit.load only when every reading with a folder has an exact `<folder>/constants.pkl`.
        let scripted = zip(view.readings, folders).filter { $0.1 != nil }
        let torchScript = !scripted.isEmpty && scripted.allSatisfy { reading, folder in
            reading.records.contains { Array(view.nameBytes($0)) == folder! + Array("/constants.pkl".utf8) }
        }
        var gate = Gate(view: view, result: GateResult(context: torchScript ? .torchScript : .weightsOnly, limits: limits),
                        limits: limits, depth: depth, prefix: prefix)
        if view.readings.count > 1 {
            let offsets = view.readings.map { String($0.endRecordOffset) }.joined(separator: ", ")
            gate.result.findings.append(Finding(PTFindingCode.readersDisagree,
                                            "\(view.readings.count) end-of-central-directory records (at \(offsets)) each name a central directory; readers disagree on which one counts, so every one is judged",
                                            location: Finding.location(file.path, view.readings[1].endRecordOffset)))
        }
        for (reading, folder) in zip(view.readings, folders) {
            guard let folder else { continue }
            var targets = ["data.pkl"]
            if torchScript { targets.append("constants.pkl") }
            for target in targets {
                let name = folder + Array(("/" + target).utf8)
                let matches = reading.records.filter { view.matches($0, name) }
                if matches.count > 1 {
                    gate.result.findings.append(Finding(PTFindingCode.readersDisagree,
                                                    "\(matches.count) entries are named '\(String(decoding: name, as: UTF8.self))' when case is ignored, as the loader compares names; it takes one of them, so every one is judged",
                                                    location: Finding.location(file.path, matches[1].centralOffset)))
                }
                for record in matches { gate.loaded(record, budget: &budget) }
            }
            if torchScript {
                for record in reading.records where record.name.hasSuffix(".debug_pkl") || record.name.hasSuffix("/bytecode.pkl") {
                    gate.loaded(record, budget: &budget)
                }
            }
        }
        gate.skipReferencedStorages(folders: folders.compactMap { $0 })
        for reading in view.readings {
            for record in reading.records { gate.other(record, budget: &budget) }
        }
        return gate.result
    }

    /// The state of one archive's judgement.
    struct Gate {
        let view: ZipLoaderView
        var result: GateResult
        let limits: PickleLimits
        let depth: Int
        /// Names the archive holding this one in locations (`outer.zip!/`), or empty.
        let prefix: String
        /// Data ranges already judged or deliberately skipped.
        var seen = Set<Range<Int>>()

        var file: MappedFile { view.file }

        /// Judges an entry the loader unpickles.
        mutating func loaded(_ record: ZipLoaderView.Record, budget: inout LoaderGate.Budget) {
            let place = Finding.location(file.path, record.centralOffset)
            guard let range = view.dataRange(of: record) else {
                result.incomplete("the loader unpickles entry '\(record.name)', whose local header is missing or whose data runs past the end of the file",
                                  location: place)
                return
            }
            guard seen.insert(range).inserted else { return }
            disputes(record, range: range)
            guard budget.instructions > 0 else {
                result.incomplete("the loader unpickles entry '\(record.name)', but the work budget for one file (\(LoaderGate.maxInstructions) pickle instructions) is spent",
                                  location: place)
                return
            }
            let read = bytes(record, range: range, limit: min(LoaderGate.maxPickleBytes, budget.remaining), budget: &budget)
            guard let source = read.source else {
                result.incomplete("the loader unpickles entry '\(record.name)', which cannot be read: \(read.problem ?? "unreadable")",
                                  location: place)
                return
            }
            let crc = read.problem == nil ? ZipInflate.crc32(UnsafeRawBufferPointer(rebasing: source.file.bytes[source.range])) : nil
            if let crc, crc != record.crc32 {
                result.findings.append(Finding(PTFindingCode.readersDisagree,
                                           "entry '\(record.name)' does not have the CRC-32 its central directory declares (0x\(String(crc, radix: 16)) for 0x\(String(record.crc32, radix: 16))); PyTorch's miniz does not check it, so it is judged as read",
                                           location: place))
            }
            let stream = PickleStream(source, limits: budget.limiting(limits), trailing: true)
            budget.spend(stream)
            result.loaded(stream, source, key: range)
            if let problem = read.problem {
                result.incomplete("only part of entry '\(record.name)' was read: \(problem)", location: place)
            }
        }

        /// Judges an entry no loader is known to unpickle, when it holds a pickle, a NumPy array or a ZIP.
        mutating func other(_ record: ZipLoaderView.Record, budget: inout LoaderGate.Budget) {
            let name = record.name
            guard !name.hasSuffix("/"), record.uncompressedSize > 0, let range = view.dataRange(of: record),
                  seen.insert(range).inserted else { return }
            let named = ArchiveEntries.isPickleName(name)
            guard named || record.uncompressedSize <= LoaderGate.maxSniffBytes else { return }
            // Its first bytes say whether it is worth reading whole: a NumPy array, a ZIP, or a pickle's first opcode.
            guard let first = view.contents(of: record, limit: FormatSignatures.npy.count).bytes, let byte = first.first,
                  first.starts(with: FormatSignatures.npy) || first.starts(with: FormatSignatures.zipLocalHeader)
                    || PickleOpcode(rawValue: byte) != nil else { return }
            let read = bytes(record, range: range, limit: min(LoaderGate.maxSniffBytes, budget.remaining), budget: &budget)
            guard let source = read.source, !source.range.isEmpty else { return }
            let head = UnsafeRawBufferPointer(rebasing: source.file.bytes[source.range])
            if head.has(FormatSignatures.npy) {
                let inner = MappedFile(bytes: head, name: file.path + "!/" + record.name)
                let judged = NpyGate.judge(inner, limits: budget.limiting(limits))
                judged.streams.forEach { budget.spend($0.stream) }
                result.absorb(judged)
                return
            }
            if head.has(FormatSignatures.zipLocalHeader) {
                guard depth == 0 else { return }
                let inner = MappedFile(bytes: head, name: file.path + "!/" + record.name)
                result.absorb(ZipGate.judge(inner, limits: limits, budget: &budget, depth: depth + 1,
                                            prefix: prefix + record.name + "!/"))
                return
            }
            guard PickleOpcode(rawValue: head[0]) != nil, budget.instructions > 0 else { return }
            let stream = PickleStream(source, limits: budget.limiting(limits), trailing: true)
            budget.spend(stream)
            result.hidden(stream, source, key: range, namedAsPickle: named,
                          why: named ? "is a pickle torch.load does not read" : "holds a pickle although its name does not say so")
        }

        /// Leaves out the storage entries the judged pickles name (`<folder>/data/<key>`): raw tensor bytes.
        mutating func skipReferencedStorages(folders: [[UInt8]]) {
            var names = Set<String>()
            for judged in result.streams {
                let recognizer = TorchTensorRecognizer(graph: judged.stream.machine.graph)
                for index in judged.stream.machine.graph.persistent.indices {
                    guard let ref = recognizer.storage(.persistent(index)) else { continue }
                    for folder in folders {
                        let base = String(decoding: folder, as: UTF8.self)
                        names.insert(base + "/data/" + ref.key)
                        names.insert(base + "/constants/" + ref.key)
                    }
                }
            }
            guard !names.isEmpty else { return }
            for reading in view.readings {
                for record in reading.records where names.contains(record.name) {
                    if let range = view.dataRange(of: record) { seen.insert(range) }
                }
            }
        }

        /// PT015 findings for what loaders disagree on about an entry the loader unpickles.
        mutating func disputes(_ record: ZipLoaderView.Record, range: Range<Int>) {
            let place = Finding.location(file.path, record.localHeaderOffset)
            if record.flags & ZipGate.disputedFlags != 0 {
                result.findings.append(Finding(PTFindingCode.readersDisagree,
                                           "entry '\(record.name)' has general-purpose flags 0x\(String(record.flags, radix: 16)) (encryption, patch or masking bits) that some readers refuse and others ignore; judged as the bytes it holds",
                                           location: place))
            }
            let reader = file.reader()
            if var r = try? reader.at(record.localHeaderOffset + 26), let length = try? r.u16(), let _ = try? r.u16(),
               let local = try? r.slice(Int(length)), let localName = try? reader.buffer(local),
               !localName.elementsEqual(view.nameBytes(record)) {
                result.findings.append(Finding(PTFindingCode.readersDisagree,
                                           "entry '\(record.name)' is named '\(String(decoding: localName, as: UTF8.self))' by its local header; PyTorch's miniz goes by the central directory, so it is judged under that name",
                                           location: place))
            }
        }

        /// The bytes of `record` as a pickle source, within `limit` and the budget.
        func bytes(_ record: ZipLoaderView.Record, range: Range<Int>, limit: Int,
                   budget: inout LoaderGate.Budget) -> (source: PickleSource?, problem: String?) {
            if record.method == .stored {
                let count = min(range.count, max(record.uncompressedSize, 0))
                let take = min(count, limit)
                let source = PickleSource(file: file, range: range.lowerBound..<(range.lowerBound + take), name: prefix + record.name)
                return (source, take < count ? "the entry's \(count) bytes are over the \(limit)-byte cap" : nil)
            }
            let contents = view.contents(of: record, limit: limit)
            let kept: [UInt8], problem: String?
            switch contents {
            case .complete(let b): kept = b; problem = nil
            case .capped(let b): kept = b; problem = "it inflates to more than the \(limit)-byte cap"
            case .broken(let b, let why): kept = b; problem = why
            case .unreadable(let why): return (nil, why)
            }
            budget.remaining -= kept.count
            let copy = MappedFile(bytes: kept, name: file.path + "!/" + record.name)
            return (PickleSource(file: copy, range: 0..<copy.size, name: prefix + record.name), problem)
        }
    }
}
