import ModelArtifact

/// Builders for the files a hostile uploader makes: pickle payloads, and every container torch.load
/// (or np.load) opens them from. Shared by the advisory cases and the seeded family generator.
public enum HostileFiles {
    // MARK: - Payloads

    /// `posix.system('id')` by GLOBAL and REDUCE, in protocol `proto` (0 writes no PROTO opcode).
    public static func systemCall(proto: UInt8 = 2, module: String = "posix", name: String = "system") -> [UInt8] {
        var p = PickleBytes(proto: proto == 0 ? nil : proto)
        p.global(module, name)
        p.op(.mark); p.line(.string, "'id'"); p.op(.tuple)
        p.op(.reduce)
        p.stop()
        return p.bytes
    }

    /// `callee(*args)` where the callee is a STACK_GLOBAL over two str values (protocol 4).
    public static func stackGlobalCall(_ module: String, _ name: String, args: [String] = ["id"]) -> [UInt8] {
        var p = PickleBytes(proto: 4)
        p.shortText(module); p.op(.memoize)
        p.shortText(name); p.op(.memoize)
        p.op(.stackGlobal)
        p.op(.mark); args.forEach { p.shortText($0) }; p.op(.tuple)
        p.op(.reduce)
        p.stop()
        return p.bytes
    }

    /// A benign state dict: `OrderedDict()` (allow-listed).
    public static func benign(proto: UInt8 = 2) -> [UInt8] {
        var p = PickleBytes(proto: proto)
        p.global("collections", "OrderedDict"); p.op(.emptyTuple); p.op(.reduce)
        p.stop()
        return p.bytes
    }

    /// `bytes` whose pickle breaks off right after its first REDUCE: no STOP, then `tail`.
    public static func brokenAfterCall(_ bytes: [UInt8], tail: [UInt8]) -> [UInt8] {
        guard let reduce = bytes.lastIndex(of: PickleOpcode.reduce.rawValue) else { return bytes }
        return Array(bytes[...reduce]) + tail
    }

    // MARK: - Containers

    /// A torch.save ZIP: `archive/data.pkl` (stored, or deflated), `byteorder`, `version`,
    /// `.data/serialization_id`, then `extra` entries.
    public static func torchZip(_ dataPkl: [UInt8], deflated: Bool = false, folder: String = "archive",
                         extra: [TestZipEntry] = [], edit: (inout TestZip) -> Void = { _ in }) -> [UInt8] {
        var zip = TestZip([TestZipEntry("\(folder)/data.pkl", dataPkl, method: deflated ? 8 : 0),
                           TestZipEntry("\(folder)/byteorder", "little"),
                           TestZipEntry("\(folder)/version", "3\n"),
                           TestZipEntry("\(folder)/.data/serialization_id", "1234567890")] + extra)
        edit(&zip)
        return zip.build().bytes
    }

    /// A legacy torch.save stream whose pickle in slot `slot` (0 magic, 1 protocol, 2 sys_info,
    /// 3 object, 4 storage keys) is `payload`, the others what torch writes.
    public static func legacy(payload: [UInt8]? = nil, slot: Int = 3) -> [UInt8] {
        var magic = PickleBytes(proto: 2)
        magic.op(.long1, [10] + FormatSignatures.torchLegacyMagic); magic.stop()
        var version = PickleBytes(proto: 2)
        version.op(.binInt2, [0xe9, 0x03]); version.stop()
        var info = PickleBytes(proto: 2)
        info.op(.emptyDict); info.stop()
        var object = PickleBytes(proto: 2)
        object.op(.emptyDict); object.stop()
        var keys = PickleBytes(proto: 2)
        keys.op(.emptyList); keys.stop()
        var slots = [magic.bytes, version.bytes, info.bytes, object.bytes, keys.bytes]
        if let payload { slots[slot] = payload }
        return slots.flatMap { $0 }
    }

    /// A tar archive (ustar headers) of `members`, as legacy tar-format torch.save wrote them.
    public static func tar(_ members: [(name: String, data: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        for (name, data) in members {
            var header = [UInt8](repeating: 0, count: 512)
            header.replaceSubrange(0..<name.utf8.count, with: Array(name.utf8))
            func octal(_ value: Int, _ offset: Int, _ width: Int) {
                let text = Array(String(value, radix: 8).utf8)
                let padded = [UInt8](repeating: 0x30, count: width - 1 - text.count) + text + [0]
                header.replaceSubrange(offset..<(offset + width), with: padded)
            }
            octal(0o644, 100, 8); octal(0, 108, 8); octal(0, 116, 8); octal(data.count, 124, 12); octal(0, 136, 12)
            header[156] = 0x30
            header.replaceSubrange(257..<263, with: Array("ustar\0".utf8))
            header.replaceSubrange(263..<265, with: Array("00".utf8))
            header.replaceSubrange(148..<156, with: [UInt8](repeating: 0x20, count: 8))
            let sum = header.reduce(0) { $0 + Int($1) }
            octal(sum, 148, 7)
            header[155] = 0x20
            out += header + data + [UInt8](repeating: 0, count: (512 - data.count % 512) % 512)
        }
        return out + [UInt8](repeating: 0, count: 1024)
    }

    /// The `storages` member of a tar-format torch.save with no storages: count 0, then `[]` views.
    public static func emptyStorages(count: [UInt8]? = nil) -> [UInt8] {
        var n = PickleBytes(proto: 2); n.int(0); n.stop()
        var views = PickleBytes(proto: 2); views.op(.emptyList); views.stop()
        return (count ?? n.bytes) + views.bytes
    }

    /// A NumPy `.npy` array of Python objects whose payload is `pickle`.
    public static func npy(_ pickle: [UInt8], descr: String = "'|O'") -> [UInt8] {
        var header = Array("{'descr': \(descr), 'fortran_order': False, 'shape': (1,), }".utf8)
        while (10 + header.count + 1) % 64 != 0 { header.append(0x20) }
        header.append(0x0a)
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.count & 0xff), UInt8(header.count >> 8)] + header + pickle
    }
}

