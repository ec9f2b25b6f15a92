import ModelArtifact

/// Judges the legacy tar format of `torch.save` (PyTorch before 0.4) as `_legacy_load`'s
/// `legacy_load` reads it (torch/serialization.py): Python's `tarfile.open(mode="r:")` accepts a
/// file whose first 512-byte header has a valid checksum; torch then unpickles, with
/// `weights_only=False`, the `storages` member (a count, then per storage an `(key, location,
/// storage_type)` pickle followed by an int64 element count and the raw elements, then the views
/// pickle), the `tensors` member (a count, then per tensor an `(key, storage_id, type)` pickle
/// followed by ndim, sizes, strides and offset), and the `pickle` member (the object).
/// `tarfile.getmember` takes the last member of a name; every member of those names is judged.
enum TarGate {
    /// Most storages or tensors followed in one member.
    static let maxRecords = 1 << 20
    /// Most members read.
    static let maxMembers = 100_000

    /// A member: its name (after GNU long names and PAX paths), its type and where its data lies.
    struct Member {
        var name: String
        var type: UInt8
        var data: Range<Int>
        var isRegular: Bool { type == 0x30 || type == 0 || type == 0x37 }
    }

    /// True when the first 512 bytes are a tar header whose checksum holds (`tarfile.TarInfo.frombuf`).
    static func isTar(_ file: MappedFile) -> Bool {
        guard file.size >= 512 else { return false }
        let block = UnsafeRawBufferPointer(rebasing: file.bytes[0..<512])
        return checksumHolds(block)
    }

    /// Python's `calc_chksums`: the unsigned or the signed sum of the header with its checksum
    /// field read as spaces, against the octal (or base-256) number in that field.
    static func checksumHolds(_ block: UnsafeRawBufferPointer) -> Bool {
        guard block.contains(where: { $0 != 0 }), let stored = number(block, 148, 8) else { return false }
        var unsigned = 256, signed = 256
        for (i, byte) in block.enumerated() where !(148..<156).contains(i) {
            unsigned += Int(byte)
            signed += Int(Int8(bitPattern: byte))
        }
        return stored == unsigned || stored == signed
    }

    /// `tarfile.nti`: an octal number up to its first NUL (spaces stripped), or base-256 when the
    /// first byte is 0x80 or 0xFF.
    static func number(_ block: UnsafeRawBufferPointer, _ offset: Int, _ length: Int) -> Int? {
        let field = block[offset..<(offset + length)]
        if let first = field.first, first == 0x80 || first == 0xff {
            var n = 0
            for byte in field.dropFirst() {
                guard n < Int.max >> 9 else { return nil }
                n = n << 8 | Int(byte)
            }
            return first == 0xff ? -n : n
        }
        let text = field.prefix { $0 != 0 }.drop { $0 == 0x20 }.reversed().drop { $0 == 0x20 }.reversed()
        if text.isEmpty { return 0 }
        var n = 0
        for byte in text {
            guard byte >= 0x30, byte <= 0x37, n < Int.max >> 4 else { return nil }
            n = n * 8 + Int(byte - 0x30)
        }
        return n
    }

    /// The members of the archive, as far as headers hold.
    static func members(_ file: MappedFile) -> [Member] {
        var members: [Member] = []
        var offset = 0
        var longName: String?
        while offset + 512 <= file.size, members.count < maxMembers {
            let block = UnsafeRawBufferPointer(rebasing: file.bytes[offset..<(offset + 512)])
            guard checksumHolds(block), let size = number(block, 124, 12), size >= 0 else { break }
            let dataStart = offset + 512
            guard size <= file.size - dataStart else { break }
            let data = dataStart..<(dataStart + size)
            let type = block[156]
            var name = text(block, 0, 100)
            if block[257..<262].elementsEqual(Array("ustar".utf8)) {
                let prefix = text(block, 345, 155)
                if !prefix.isEmpty { name = prefix + "/" + name }
            }
            switch type {
            case UInt8(ascii: "L"):
                longName = String(decoding: file.bytes[data].prefix { $0 != 0 }, as: UTF8.self)
            case UInt8(ascii: "x"):
                if let path = paxPath(UnsafeRawBufferPointer(rebasing: file.bytes[data])) { longName = path }
            case UInt8(ascii: "g"):
                break
            default:
                members.append(Member(name: normalized(longName ?? name), type: type, data: data))
                longName = nil
            }
            offset = dataStart + (size + 511) / 512 * 512
        }
        return members
    }

    private static func text(_ block: UnsafeRawBufferPointer, _ offset: Int, _ length: Int) -> String {
        String(decoding: block[offset..<(offset + length)].prefix { $0 != 0 }, as: UTF8.self)
    }

    /// The `path` record of a PAX header (`LEN path=VALUE\n` records).
    static func paxPath(_ data: UnsafeRawBufferPointer) -> String? {
        let text = String(decoding: data, as: UTF8.self)
        for line in text.split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { continue }
            let record = line[line.index(after: space)...]
            if record.hasPrefix("path=") { return String(record.dropFirst(5)) }
        }
        return nil
    }

    /// A name as `tarfile` compares it: `./` prefixes, repeated and trailing slashes gone.
    static func normalized(_ name: String) -> String {
        var parts = name.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        while parts.first == "." { parts.removeFirst() }
        return parts.filter { $0 != "." }.joined(separator: "/")
    }

    static func judge(_ file: MappedFile, limits: PickleLimits) -> GateResult {
        var result = GateResult(context: .weightsOnly, limits: limits)
        let members = members(file)
        let loaded = ["storages", "tensors", "pickle"]
        if members.contains(where: { loaded.contains($0.name) }) {
            result.findings.append(Finding(PTFindingCode.legacyTar,
                                       "a legacy tar-format torch.save file: torch.load(weights_only=False) unpickles its storages, tensors and pickle members (weights_only=True refuses the format)",
                                       location: file.path))
        }
        for wanted in loaded {
            let named = members.filter { $0.name == wanted }
            if named.count > 1 {
                result.findings.append(Finding(PTFindingCode.readersDisagree,
                                           "\(named.count) members are named '\(wanted)'; tarfile takes the last one, so every one is judged",
                                           location: file.path))
            }
            for member in named {
                guard member.isRegular else {
                    result.incomplete("member '\(wanted)' is not a regular file (type \(member.type)); the loader would follow it",
                                      location: Finding.location(file.path, member.data.lowerBound))
                    continue
                }
                walk(member, in: file, wanted: wanted, result: &result)
            }
        }
        return result
    }

    /// Runs a member's pickles as `legacy_load` reads them, skipping the raw bytes between them.
    static func walk(_ member: Member, in file: MappedFile, wanted: String, result: inout GateResult) {
        let source = PickleSource(file: file, range: member.data, name: member.name)
        var machine = PickleMachine(file: file, limits: result.limits)
        var reader = ByteReader(file, range: member.data)
        var runs: [PickleRun] = []
        func run() -> PickleRun? {
            let r = machine.run(&reader)
            runs.append(r)
            return r.error == nil ? r : nil
        }
        var problem: String?
        defer {
            if runs.first?.error == nil, let failed = runs.first(where: { $0.error != nil }) { runs[0].error = failed.error }
            result.loaded(PickleStream(empty: machine, runs: runs), source, key: member.data)
            if let problem { result.incomplete("member '\(member.name)': \(problem)", location: source.location(reader.offset)) }
        }
        guard wanted != "pickle" else { _ = run(); return }
        guard let count = run().flatMap({ machine.graph.integer($0.root ?? .none) }) else { return }
        guard count >= 0, count <= maxRecords else { problem = "a count of \(count) records"; return }
        for _ in 0..<count {
            guard let args = run() else { return }
            do {
                if wanted == "storages" {
                    let items = machine.graph.elements(args.root ?? .none) ?? []
                    guard items.count == 3, let type = machine.graph.globalName(items[2]), let element = TorchTypes.storage(type) else {
                        problem = "a storage record whose type the loader's element size cannot be known for"
                        return
                    }
                    let numel = try reader.i64()
                    let (bytes, overflow) = Int(clamping: numel).multipliedReportingOverflow(by: element.size)
                    guard numel >= 0, !overflow else { problem = "a storage of \(numel) elements"; return }
                    try reader.skip(bytes, what: "a storage's elements")
                } else {
                    let ndim = try reader.i32()
                    guard ndim >= 0, ndim <= 64 else { problem = "a tensor of \(ndim) dimensions"; return }
                    try reader.skip(4 + 16 * Int(ndim) + 8, what: "a tensor's sizes, strides and offset")
                }
            } catch {
                problem = "the raw bytes after a record run past the member's end"
                return
            }
        }
        if wanted == "storages" { _ = run() }
    }
}
