import ModelArtifact

/// What the gate must say of a generated hostile file.
public enum HostileExpectation: String, Sendable {
    /// A disallowed global is reachable the way the loader reaches it.
    case unsafe
    /// Never safe: `unsafe` or `unknown` (a bomb, a capped or broken stream).
    case notSafe
    /// The benign control of a family: the same container and trick around an allow-listed pickle.
    case safe
}

/// One generated file.
public struct HostileCase: Sendable {
    public var family: String
    public var name: String
    public var bytes: [UInt8]
    public var expected: HostileExpectation
}

/// A seeded generator of hostile model files, family by family: pickle tricks in every container
/// torch.load (or np.load) opens, ZIP disagreements, the legacy tar format, NumPy arrays, bombs.
/// The same seed always gives the same files, so a failure names a case that can be rebuilt.
public enum HostileCorpus {
    /// Globals an attacker calls (none allow-listed).
    static let targets: [(String, String)] = [
        ("posix", "system"), ("os", "system"), ("nt", "system"), ("builtins", "exec"), ("builtins", "eval"),
        ("__builtin__", "eval"), ("subprocess", "Popen"), ("runpy", "_run_code"), ("pydoc", "pipepager"),
        ("pkgutil", "resolve_name"), ("importlib", "import_module"), ("inspect", "getattr_static"),
        ("operator", "methodcaller"), ("_operator", "attrgetter"), ("webbrowser", "open"), ("pathlib", "os.system"),
        ("torch.serialization", "load"), ("numpy", "load"), ("builtins", "getattr"), ("shutil", "rmtree"),
    ]

    /// Every family's cases: `perFamily` random ones each, plus their benign controls.
    public static func cases(seed: UInt64, perFamily: Int) -> [HostileCase] {
        var rng = SplitMix64(seed: seed)
        var out: [HostileCase] = []
        for i in 0..<perFamily {
            out += pickleTricks(&rng, i)
            out += zipDisagreements(&rng, i)
            out += tarFiles(&rng, i)
            out += numpyFiles(&rng, i)
            out += bombs(&rng, i)
        }
        return out
    }

    // MARK: - Payloads

    /// A pickle that reaches a disallowed global by one of the encodings scanners have missed.
    static func payload(_ rng: inout SplitMix64) -> [UInt8] {
        let (module, name) = targets[rng.int(below: targets.count)]
        var p = PickleBytes(proto: [nil, 1, 2, 3, 4, 5][rng.int(below: 6)].map { UInt8($0) })
        let framed = rng.int(below: 4) == 0
        if framed { p.op(.frame, [UInt8](repeating: 0, count: 8)) }
        let bodyStart = p.bytes.count
        let calleeStart = p.bytes.count
        switch rng.int(below: 9) {
        case 0: p.global(module, name)
        case 1: p.shortText(module); p.shortText(name); p.op(.stackGlobal)
        case 2: p.line(.string, "'\(module)'"); p.line(.string, "'\(name)'"); p.op(.stackGlobal)
        case 3: p.shortText(module); p.put(1); p.op(.pop); p.shortText(name); p.put(2); p.op(.pop); p.get(1); p.get(2); p.op(.stackGlobal)
        case 4: p.line(.unicode, module); p.op(.binString, p.le32(name.utf8.count) + Array(name.utf8)); p.op(.stackGlobal)
        case 5:  // a computed module: the result of an allow-listed call
            p.global("collections", "OrderedDict"); p.op(.emptyTuple); p.op(.reduce); p.shortText(name); p.op(.stackGlobal)
        case 6:  // a memo slot never filled
            p.get(200); p.shortText(name); p.op(.stackGlobal)
        case 7:  // a copyreg extension code
            p.op(.ext1, [UInt8(1 + rng.int(below: 200))])
        default:  // INST with and without its MARK
            if rng.int(below: 2) == 0 { p.op(.mark) }
            p.op(.inst, Array("\(module)\n\(name)\n".utf8))
        }
        switch rng.int(below: 5) {
        case 0: break  // imported only
        case 1: p.op(.mark); p.shortText("id"); p.op(.tuple); p.op(.reduce)
        case 2: p.bytes.insert(PickleOpcode.mark.rawValue, at: calleeStart); p.shortText("id"); p.op(.obj)  // OBJ: MARK callee args
        case 3: p.op(.emptyTuple); p.op(.newObj); p.op(.pop); p.op(.none)  // the result POPped
        default: p.op(.mark); p.shortText("id"); p.op(.tuple); p.op(.reduce); p.op(.pop); p.op(.none)
        }
        switch rng.int(below: 6) {
        case 0: p.bytes += [0xff, 0xfe]  // breaks off at an invalid opcode
        case 1: break  // truncated: no STOP
        case 2: p.get(250)  // a memo slot never filled, then the end
        case 3: p.op(.none); p.op(.none); p.stop()  // items left on the stack
        default: p.stop()
        }
        if framed {
            let length = p.bytes.count - bodyStart
            for k in 0..<8 { p.bytes[bodyStart - 8 + k] = UInt8(truncatingIfNeeded: length >> (8 * k)) }
        }
        return p.bytes
    }

    /// Wraps `payload` in a random container torch.load (or np.load) unpickles it from.
    static func container(_ rng: inout SplitMix64, _ payload: [UInt8], benign: [UInt8]) -> (String, [UInt8]) {
        switch rng.int(below: 9) {
        case 0: return ("bin", payload)
        case 1: return ("pt", HostileFiles.legacy(payload: payload, slot: rng.int(below: 5)))
        case 2: return ("pt", HostileFiles.torchZip(payload, deflated: rng.int(below: 2) == 0))
        case 3:  // a second pickle after a benign one
            return ("pkl", benign + payload)
        case 4: return ("pt", HostileFiles.torchZip(benign, extra: [TestZipEntry("archive/extra.pkl", payload)]))
        case 5: return ("npy", HostileFiles.npy(payload))
        case 6: return ("npz", TestZip([TestZipEntry("x.npy", HostileFiles.npy(payload), method: 8)]).build().bytes)
        case 7:  // a torch.save archive inside a ZIP (pt2 sample inputs are such)
            return ("zip", TestZip([TestZipEntry("inner/sample.pt", HostileFiles.torchZip(payload))]).build().bytes)
        default:  // TorchScript: constants.pkl is unpickled too
            return ("jit", HostileFiles.torchZip(benign, extra: [TestZipEntry("archive/constants.pkl", payload),
                                                                 TestZipEntry("archive/code/__torch__.py", "class M:\n  pass\n")]))
        }
    }

    static func pickleTricks(_ rng: inout SplitMix64, _ i: Int) -> [HostileCase] {
        let benign = HostileFiles.benign()
        let (ext, bytes) = container(&rng, payload(&rng), benign: benign)
        return [HostileCase(family: "pickle-trick", name: "trick-\(i).\(ext)", bytes: bytes, expected: .unsafe)]
    }

    // MARK: - ZIP disagreements

    /// data.pkl holds the payload (or the benign pickle, for the control) and the archive is bent
    /// where ZIP readers disagree.
    static func zipDisagreements(_ rng: inout SplitMix64, _ i: Int) -> [HostileCase] {
        let trick = rng.int(below: 10)
        let flag: UInt16 = [0x0001, 0x0020, 0x0040, 0x2000][rng.int(below: 4)]
        let deflated = rng.int(below: 2) == 0
        func build(_ data: [UInt8], benign: [UInt8]) -> [UInt8] {
            switch trick {
            case 0: return HostileFiles.torchZip(data, deflated: deflated) { $0.entries[0].localNameBytes = Array("archive/datap.kl".utf8) }
            case 1: return HostileFiles.torchZip(data, deflated: deflated) { $0.entries[0].crc = 0x1234_5678 }
            case 2: return HostileFiles.torchZip(data, deflated: deflated) { $0.entries[0].localFlags = flag }
            case 3:  // a flagged member torch never reads
                return HostileFiles.torchZip(data, deflated: deflated, extra: [TestZipEntry("archive/x.pkl", benign)]) { $0.entries[4].flags = flag }
            case 4:  // two entries named data.pkl: a reader takes either
                return HostileFiles.torchZip(benign, extra: [TestZipEntry("archive/data.pkl", data, method: deflated ? 8 : 0)])
            case 5:  // the same name in another case: miniz compares ignoring case
                return HostileFiles.torchZip(benign, extra: [TestZipEntry("ARCHIVE/DATA.PKL", data)]) { zip in
                    zip.entries[0].name = "archive/data.pkl"
                }
            case 6:  // a second central directory and end record appended: the loader takes the last one
                var second = TestZip([TestZipEntry("archive/data.pkl", data), TestZipEntry("archive/version", "3\n")])
                second.prefix = HostileFiles.torchZip(benign)
                return second.build().bytes
            case 7: return HostileFiles.torchZip(data, deflated: deflated) { $0.entries[0].descriptor = .signed }
            case 8: return HostileFiles.torchZip(data, deflated: deflated) { $0.entries[0].zip64 = true; $0.zip64End = true }
            default:  // the folder torch takes is the first entry's
                return HostileFiles.torchZip(data, folder: "weird dir", extra: [TestZipEntry("archive/data.pkl", benign)])
            }
        }
        let benign = HostileFiles.benign()
        return [
            HostileCase(family: "zip-disagreement", name: "zip-\(i)-\(trick).pt", bytes: build(payload(&rng), benign: benign), expected: .unsafe),
            HostileCase(family: "zip-disagreement", name: "zip-\(i)-\(trick)-benign.pt", bytes: build(benign, benign: benign), expected: .safe),
        ]
    }

    // MARK: - Legacy tar format

    static func tarFiles(_ rng: inout SplitMix64, _ i: Int) -> [HostileCase] {
        let payload = payload(&rng)
        var p = PickleBytes(proto: 2); p.op(.emptyDict); p.stop()
        var zero = PickleBytes(proto: 2); zero.int(0); zero.stop()
        let benignMembers: [(String, [UInt8])] = [("sys_info", p.bytes), ("pickle", p.bytes), ("tensors", zero.bytes),
                                                   ("storages", HostileFiles.emptyStorages())]
        var members = benignMembers
        switch rng.int(below: 4) {
        case 0: members[1].1 = payload
        case 1: members[2].1 = payload
        case 2: members[3].1 = HostileFiles.emptyStorages(count: payload)
        default: members.append(("pickle", payload))  // named twice: tarfile takes the last
        }
        return [HostileCase(family: "tar", name: "tar-\(i).tar", bytes: HostileFiles.tar(members), expected: .unsafe),
                HostileCase(family: "tar", name: "tar-\(i)-benign.tar", bytes: HostileFiles.tar(benignMembers), expected: .safe)]
    }

    // MARK: - NumPy

    static func numpyFiles(_ rng: inout SplitMix64, _ i: Int) -> [HostileCase] {
        let descr = ["'|O'", "'O'", "'<O8'", "[('a', '<f4'), ('b', '|O')]", "[('a', [('b', 'O')])]", "('O', (2,))", "{'broken"][rng.int(below: 7)]
        let payload = payload(&rng)
        var benign = PickleBytes(proto: 2); benign.op(.emptyList); benign.stop()
        return [HostileCase(family: "numpy", name: "np-\(i).npy", bytes: HostileFiles.npy(payload, descr: descr), expected: .unsafe),
                HostileCase(family: "numpy", name: "np-\(i)-benign.npy", bytes: HostileFiles.npy(benign.bytes, descr: descr), expected: .safe)]
    }

    // MARK: - Bombs

    static func bombs(_ rng: inout SplitMix64, _ i: Int) -> [HostileCase] {
        var p = PickleBytes(proto: 2)
        switch rng.int(below: 3) {
        case 0: p.bytes += [UInt8](repeating: PickleOpcode.mark.rawValue, count: 100_000); p.stop()  // marks cap
        case 1: p.bytes += [UInt8](repeating: PickleOpcode.none.rawValue, count: 5_000_000); p.stop()  // stack cap
        default: p.op(.long4, p.le32(1 << 30)); p.bytes += [UInt8](repeating: 0, count: 64); p.stop()  // a 1 GiB integer
        }
        // A deflate bomb: data.pkl claims 2 GiB, inflates to 8 MiB of zeros.
        let bomb = HostileFiles.torchZip([UInt8](repeating: 0, count: 8 << 20), deflated: true) { $0.entries[0].declaredSize = Int(Int32.max) }
        return [HostileCase(family: "bomb", name: "bomb-\(i).pkl", bytes: p.bytes, expected: .notSafe),
                HostileCase(family: "bomb", name: "bomb-\(i)-deflate.pt", bytes: bomb, expected: .notSafe)]
    }
}
