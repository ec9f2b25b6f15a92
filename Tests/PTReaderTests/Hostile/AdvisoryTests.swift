import ModelArtifact
import Testing
import TestSupport
@testable import PTReader

/// The public advisories against pickle scanners, each built here from its description and judged
/// as torch.load would open the file. Every one must be `unsafe`, through the gate (`scan`) and
/// through the readers (`inspect`). Where a case needs torch's exact behaviour, the line of torch's
/// source that decides it (torch 2.11 `torch/serialization.py`; `caffe2/serialize/inline_container.cc`;
/// miniz 3.0.2 `miniz_zip.c`, which PyTorch vendors as `third_party/miniz-3.0.2/miniz.c`; CPython
/// `Modules/_pickle.c`) is cited on the test.
@Suite struct AdvisoryTests {
    /// Judged by the gate alone and by the readers, both must say unsafe.
    func expectUnsafe(_ bytes: [UInt8], as format: ModelFormat, name: String = "model.bin",
                      sourceLocation: SourceLocation = #_sourceLocation) {
        let file = MappedFile(bytes: bytes, name: name)
        #expect(PTReader.judge(file, as: format).verdict == .unsafe, "gate", sourceLocation: sourceLocation)
        do {
            let report = try PTReader.read(file, as: format)
            #expect(report.verdict == .unsafe, "reader: \(report.findings.map(\.code))", sourceLocation: sourceLocation)
            #expect(report.tensors == nil, sourceLocation: sourceLocation)
        } catch {
            Issue.record("the reader threw instead of judging: \(error)", sourceLocation: sourceLocation)
        }
    }

    func codes(_ bytes: [UInt8], as format: ModelFormat) -> [String] {
        PTReader.judge(MappedFile(bytes: bytes, name: "model.pt"), as: format).findings.map(\.code)
    }

    /// CVE-2025-1716: `pip.main` (and its kin) called from data.pkl: not on the allow-list.
    @Test func cve2025_1716_nonBlocklistedCallables() {
        for (module, name) in [("pip", "main"), ("pydoc", "pipepager"), ("venv", "create"), ("functools", "partial"),
                               ("torch._inductor.codecache", "compile_file"), ("runpy", "_run_code"),
                               ("torch.utils.bottleneck.__main__", "run_cprofile")] {
            expectUnsafe(HostileFiles.torchZip(HostileFiles.systemCall(module: module, name: name)), as: .pt)
        }
    }

    /// CVE-2025-1889: a pickle in a ZIP entry whose name does not say pickle. `torch.load(f,
    /// pickle_file=…)` passes the name to `_load`, which unpickles `zip_file.get_record(pickle_file)`
    /// (serialization.py l.2182), so any entry can be the one loaded.
    @Test func cve2025_1889_pickleUnderAnotherName() {
        let bytes = HostileFiles.torchZip(HostileFiles.benign(), extra: [TestZipEntry("archive/data.txt", HostileFiles.systemCall())])
        expectUnsafe(bytes, as: .pt)
        #expect(codes(bytes, as: .pt).contains("PT006"))
        // Broken after its payload, in binary protocol: still judged.
        let broken = HostileFiles.torchZip(HostileFiles.benign(), extra: [
            TestZipEntry("archive/extra", HostileFiles.brokenAfterCall(HostileFiles.systemCall(proto: 4), tail: [0xff])),
        ])
        expectUnsafe(broken, as: .pt)
    }

    /// CVE-2025-1944: the local header names `datap.kl` where the central directory names `data.pkl`.
    /// miniz finds the entry in the central directory (`mz_zip_reader_locate_file_v2`, binary search
    /// l.1349–1382) and `mz_zip_reader_extract_to_mem_no_alloc1` (l.1464–1595) checks only the local
    /// header's signature, taking its name and extra lengths to find the data: torch loads it.
    @Test func cve2025_1944_localNameDisagrees() {
        let bytes = HostileFiles.torchZip(HostileFiles.systemCall()) { zip in
            zip.entries[0].localNameBytes = Array("archive/datap.kl".utf8)
        }
        expectUnsafe(bytes, as: .pt)
        #expect(codes(bytes, as: .pt).contains("PT015"))
    }

    /// CVE-2025-1945: general-purpose flag bits 0x1, 0x20, 0x40 in the central directory (and local
    /// header). miniz refuses them only on an entry it extracts (`mz_zip_reader_extract_to_mem_no_alloc1`:
    /// `if (file_stat.m_bit_flag & (IS_ENCRYPTED | USES_STRONG_ENCRYPTION | COMPRESSED_PATCH_FLAG))`),
    /// so torch loads data.pkl beside a flagged member it never reads; flags in the local header only
    /// are ignored by every reader. On data.pkl itself torch would fail, and the bytes are judged anyway.
    @Test func cve2025_1945_flagBits() {
        for flag: UInt16 in [0x0001, 0x0020, 0x0040, 0x2000] {
            let onOther = HostileFiles.torchZip(HostileFiles.systemCall(), extra: [TestZipEntry("archive/extra.pkl", HostileFiles.benign())]) {
                $0.entries[4].flags = flag
            }
            expectUnsafe(onOther, as: .pt)
            let onData = HostileFiles.torchZip(HostileFiles.systemCall()) { $0.entries[0].flags = flag }
            #expect(gateVerdict(onData) == .unsafe)
            let onlyLocal = HostileFiles.torchZip(HostileFiles.systemCall()) { $0.entries[0].localFlags = flag }
            expectUnsafe(onlyLocal, as: .pt)
        }
    }

    /// CVE-2025-10155: a protocol 0/1 pickle named `.bin`/`.pt`. `_is_zipfile` (l.428–441) compares
    /// the first four bytes with `PK\x03\x04` only; anything else goes to `_legacy_load`, whose first
    /// `pickle_module.load(f)` (l.1855) runs before the magic number is checked.
    @Test func cve2025_10155_plainPickleUnderATorchName() {
        for proto: UInt8 in [0, 1, 2] {
            expectUnsafe(HostileFiles.systemCall(proto: proto), as: .pickle, name: "pytorch_model.bin")
        }
        // Detection cannot tell what it is: the gate still runs it as torch.load does.
        var p = PickleBytes()
        p.op(.mark); p.global("posix", "system"); p.op(.pop); p.op(.pop); p.op(.mark); p.stop()
        #expect(gateVerdict(p.bytes) == .unsafe)
    }

    /// CVE-2025-10156: a wrong CRC-32 on data.pkl. PyTorch's CMakeLists adds
    /// `-DMINIZ_DISABLE_ZIP_READER_CRC32_CHECKS`, which compiles out miniz's `MZ_ZIP_CRC_CHECK_FAILED`
    /// checks in `mz_zip_reader_extract_to_mem_no_alloc1`, so it loads.
    @Test func cve2025_10156_badCRC() {
        for deflated in [false, true] {
            let bytes = HostileFiles.torchZip(HostileFiles.systemCall(), deflated: deflated) { $0.entries[0].crc = 0xDEAD_BEEF }
            expectUnsafe(bytes, as: .pt)
            #expect(codes(bytes, as: .pt).contains("PT015"))
        }
    }

    /// CVE-2025-10157: a submodule of a blocked package with a dotted name. CPython's `find_class`
    /// walks a dotted name attribute by attribute (`getattribute(module, name, self->proto >= 4)`).
    @Test func cve2025_10157_submoduleDottedName() {
        expectUnsafe(HostileFiles.torchZip(HostileFiles.stackGlobalCall("asyncio.unix_events", "_UnixSubprocessTransport._start")),
                     as: .pt)
    }

    /// GHSA-9gvj-pp9x-gcfr: STRING opcodes feed STACK_GLOBAL, no PROTO, the module is instruction 0.
    @Test func ghsa_9gvj_stackGlobalFromStrings() {
        let bytes = Array("S'os'\nS'system'\n".utf8) + [0x93] + Array("S'ls'\n".utf8) + [0x85, 0x52, 0x2e]
        expectUnsafe(bytes, as: .pickle)
    }

    /// GHSA-84r2-jw7c-4r5q: `operator.methodcaller('system', …)(pydoc.locate('os'))`.
    @Test func ghsa_84r2_methodcallerOnLocate() {
        var p = PickleBytes(proto: 4)
        p.shortText("operator"); p.shortText("methodcaller"); p.op(.stackGlobal)
        p.shortText("system"); p.shortText("echo pwned"); p.op(.tuple2); p.op(.reduce)
        p.shortText("pydoc"); p.shortText("locate"); p.op(.stackGlobal)
        p.shortText("os"); p.op(.tuple1); p.op(.reduce)
        p.op(.tuple1); p.op(.reduce); p.stop()
        expectUnsafe(HostileFiles.torchZip(p.bytes), as: .pt)
    }

    /// GHSA-955r-x9j8-7rhh: `builtins.__import__('os')` memoised and POPped, then `_operator.methodcaller`.
    @Test func ghsa_955r_underscoreOperator() {
        let text = "cbuiltins\n__import__\n(Vos\ntRp0\n0c_operator\nmethodcaller\n(Vsystem\nVecho pwned\ntR(g0\ntR."
        expectUnsafe(Array(text.utf8), as: .pickle)
    }

    /// GHSA-vvpj-8cmc-gx39: `pkgutil.resolve_name('os:system')` then called.
    @Test func ghsa_vvpj_resolveName() {
        expectUnsafe(HostileFiles.stackGlobalCall("pkgutil", "resolve_name", args: ["os:system"]), as: .pickle)
    }

    /// GHSA-97f8-7cmv-76j2: a legacy stream whose magic number is made by `eval` and whose storage-keys
    /// pickle (the fifth) calls `posix.system`. `_legacy_load` (l.1855–1880) runs `pickle_module.load(f)`
    /// for the magic number, the protocol version, sys_info, the object and the storage keys, in
    /// that order, each a full unpickling before any value is checked.
    @Test func ghsa_97f8_legacyMagicBypass() {
        var magic = PickleBytes(proto: 2)
        magic.global("__builtin__", "eval"); magic.op(.mark); magic.text("0x1950A86A20F9469CFC6C"); magic.op(.tuple); magic.op(.reduce)
        magic.stop()
        let bytes = HostileFiles.legacy(payload: magic.bytes, slot: 0)
        expectUnsafe(bytes, as: .ptLegacy)
        for slot in 0..<5 {
            expectUnsafe(HostileFiles.legacy(payload: HostileFiles.systemCall(), slot: slot), as: .ptLegacy)
        }
    }

    /// fickling GHSA-mxhj-88fx-4pcv: a call by OBJ whose result is POPped still runs (`load_obj` calls
    /// `instantiate` before POP drops the value).
    @Test func fickling_mxhj_poppedCall() {
        var p = PickleBytes(proto: 4)
        p.op(.mark); p.shortText("smtplib"); p.shortText("SMTP"); p.op(.stackGlobal); p.shortText("127.0.0.1"); p.op(.obj)
        p.op(.pop); p.op(.none); p.stop()
        expectUnsafe(p.bytes, as: .pickle)
    }

    /// fickling GHSA-5j3x-jp52-966f: dotted names in STACK_GLOBAL: `pathlib` + `os.system`.
    @Test func fickling_5j3x_dottedName() {
        var p = PickleBytes(proto: 4)
        p.shortText("pathlib"); p.shortText("os.system"); p.op(.stackGlobal); p.op(.emptyTuple); p.op(.reduce); p.stop()
        expectUnsafe(p.bytes, as: .pickle)
        // A dotted name is judged whole: `torch` + `_utils._rebuild_tensor_v2` is the allow-listed function.
        var allowed = PickleBytes(proto: 4)
        allowed.shortText("torch"); allowed.shortText("Size"); allowed.op(.stackGlobal); allowed.stop()
        #expect(gateVerdict(allowed.bytes) == .safe)
    }

    /// fickling GHSA-cffv-grgg-g429: an import the allow-list does not name is reported whatever else is reported.
    @Test func fickling_cffv_allowListNotShadowed() {
        var p = PickleBytes(proto: 4)
        p.shortText("ast"); p.shortText("parse"); p.op(.stackGlobal); p.op(.pop)
        p.global("posix", "system"); p.op(.pop); p.op(.none); p.stop()
        let report = PTReader.judge(MappedFile(bytes: p.bytes, name: "a.pkl"), as: .pickle)
        #expect(report.verdict == .unsafe)
        #expect(report.findings.filter { $0.code == "PT001" }.count == 2)
    }

    /// nullifAI: the payload first, the stream broken right after it. CPython runs opcodes one after
    /// another (`load()`'s dispatch loop) and fails only on reaching the broken part, after the call.
    @Test func nullifAI_brokenStream() {
        for tail: [UInt8] in [[0xff], [], [0x68, 0x09], [0x4e, 0x4e, 0x2e], Array("X\u{ff}\u{ff}\u{ff}\u{7f}".utf8)] {
            let bytes = HostileFiles.brokenAfterCall(HostileFiles.systemCall(), tail: tail)
            expectUnsafe(bytes, as: .pickle)
            expectUnsafe(HostileFiles.torchZip(bytes), as: .pt)
            expectUnsafe(HostileFiles.torchZip(bytes, deflated: true), as: .pt)
        }
    }

    /// picklescan issue 66: `importlib.import_module` and `inspect.getattr_static` chains.
    @Test func picklescan66_importlibAndGetattrStatic() {
        var p = PickleBytes(proto: 4)
        p.shortText("inspect"); p.shortText("getattr_static"); p.op(.stackGlobal)
        p.shortText("importlib"); p.shortText("import_module"); p.op(.stackGlobal)
        p.shortText("os"); p.op(.tuple1); p.op(.reduce)
        p.shortText("system"); p.op(.tuple2); p.op(.reduce)
        p.shortText("id"); p.op(.tuple1); p.op(.reduce); p.stop()
        expectUnsafe(p.bytes, as: .pickle)
        expectUnsafe(HostileFiles.torchZip(p.bytes), as: .pt)
    }
}

/// Archives a loader opens that do not start with a local header.
@Suite struct PrefixedArchiveTests {
    /// np.load opens a file starting with `PK\x05\x06` as an NpzFile, and Python's zipfile finds a
    /// ZIP by its end record whatever precedes it: the entries are judged, not only byte 0's stream.
    @Test func aZipBehindOtherBytesIsJudged() {
        let npz = TestZip([TestZipEntry("x.npy", HostileFiles.npy(HostileFiles.systemCall()))])
        var prefixed = npz
        prefixed.prefix = [0x50, 0x4b, 0x05, 0x06] + [UInt8](repeating: 0, count: 18)
        #expect(gateVerdict(prefixed.build().bytes, name: "arrays.npz") == .unsafe)
        var junk = npz
        junk.prefix = Array("#!/bin/sh\necho hello\n".utf8)
        #expect(gateVerdict(junk.build().bytes, name: "arrays.npz") == .unsafe)
    }
}
