import Foundation
import ModelArtifact
import Testing
import TestSupport
@testable import PTReader

/// The readers on the PyTorch fixtures: tensors, names, byte ranges, globals, verdicts, findings.
@Suite struct ReaderTests {
    func read(_ name: String, as format: ModelFormat) throws -> ModelReport {
        try PTReader.read(MappedFile(path: Fixtures.path("pytorch/" + name)), as: format)
    }

    func codes(_ report: ModelReport) -> [String] { report.findings.map(\.code) }

    func globals(_ report: ModelReport) -> [String] {
        report.section(PickleSection.self)?.json.objectValue?["globals"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    @Test func stateDictTensorsAreNamedAndLocated() throws {
        let report = try read("state_dict.pt", as: .pt)
        #expect(report.verdict == .safe)
        let tensors = try #require(report.tensors)
        #expect(tensors.map(\.name) == ["model.encoder.weight", "model.encoder.bias", "model.decoder.weight",
                                        "model.encoder.weight_t", "model.encoder.row", "model.scale", "model.fp8",
                                        "optimizer.state.0.step"])
        #expect(tensors.map(\.dtype) == [.f32, .f32, .f32, .f32, .f32, .f16, .f8e4m3, .i64])
        #expect(tensors[0].shape == [.size(4), .size(3)])
        #expect(tensors[0].length == 48 && tensors[2].offset == tensors[0].offset)
        #expect(tensors[3].offset == nil && tensors[3].length == nil)
        #expect(tensors[4].offset == tensors[0].offset.map { $0 + 12 } && tensors[4].length == 12)
        #expect(tensors[6].length == 6)
        // Every located tensor's bytes are where the archive holds them.
        let file = try MappedFile(path: Fixtures.path("pytorch/state_dict.pt"))
        let bias = Array(file.bytes[tensors[1].offset!..<(tensors[1].offset! + 16)])
        #expect(bias == [Float(1), 2, 3, 4].flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) })
        #expect(Set(codes(report)) == ["PT007", "PT008"])
        #expect(globals(report).contains("torch._utils._rebuild_tensor_v3"))
        let section = try #require(report.section(PyTorchSection.self)?.json.objectValue)
        #expect(section["archive"]?.stringValue == "state_dict" && section["version"]?.stringValue == "3")
        #expect(section["byteorder"]?.stringValue == "little")
    }

    @Test func unsafeArchiveHasNoTensorsAndALocatedFinding() throws {
        let report = try read("unsafe.pt", as: .pt)
        #expect(report.verdict == .unsafe && report.tensors == nil)
        let finding = try #require(report.findings.first { $0.code == "PT001" })
        #expect(finding.location?.hasPrefix("unsafe/data.pkl@0x") == true)
        #expect(finding.message.contains("'posix'") && finding.message.contains("'system'") && finding.message.contains("call"))
        #expect(globals(report).contains("posix.system"))
    }

    @Test func aPickleHiddenInAnotherEntryIsJudged() throws {
        let report = try read("hidden-pickle.pt", as: .pt)
        #expect(report.verdict == .unsafe)
        #expect(Set(codes(report)).isSuperset(of: ["PT001", "PT006"]))
        #expect(report.findings.first { $0.code == "PT001" }?.location?.hasPrefix("hidden/extra@") == true)
    }

    @Test func legacyStoragesAreLocatedAfterThePickles() throws {
        let report = try read("legacy.pt", as: .ptLegacy)
        let tensors = try #require(report.tensors)
        #expect(tensors.map(\.name) == ["layer.weight", "layer.index"])
        #expect(tensors.map(\.length) == [24, 24])
        #expect(report.size - (tensors[1].offset ?? 0) == 24)
        #expect(globals(report) == ["collections.OrderedDict", "torch.FloatStorage", "torch.LongStorage", "torch._utils._rebuild_tensor_v2"])
    }

    @Test func torchScriptNamesAttributesAndConstants() throws {
        let report = try read("torchscript.pt", as: .torchscript)
        #expect(report.tensors?.map(\.name) == ["fc.weight", "fc.bias", "constants.0"])
        #expect(report.verdict == .safe)
        #expect(codes(report).contains("PT005"))
        #expect(globals(report).contains("__torch__.Net") && globals(report).contains("torch.jit._pickle.build_intlist"))
        // Read as a torch.save one, it is still judged as torch.load opens it: `constants.pkl` sends it
        // to torch.jit.load (`_is_torchscript_zip`), whose unpickler resolves __torch__ classes itself.
        #expect(try read("torchscript.pt", as: .pt).verdict == .safe)
    }

    @Test func pt2ListsModelsAndJudgesNestedPickles() throws {
        let report = try read("model.pt2", as: .pt2)
        let section = try #require(report.section(PT2Section.self)?.json.objectValue)
        #expect(section["archive_version"]?.stringValue == "0")
        #expect(section["models"] == .array([.string("model")]))
        #expect(report.verdict == .safe && globals(report).contains("torch._utils._rebuild_tensor_v2"))
    }

    @Test func barePicklesAndTrailingPickles() throws {
        let bare = try read("bare.pkl", as: .pickle)
        #expect(bare.verdict == .safe && bare.tensors == nil && globals(bare).isEmpty)
        let trailing = try read("trailing.pkl", as: .pickle)
        #expect(trailing.verdict == .unsafe)
        #expect(Set(codes(trailing)) == ["PT001", "PT003"])
    }

    @Test func trailingBytesThatAreNoPickle() throws {
        var p = PickleBytes(proto: 2)
        p.int(1); p.stop()
        let result = try report(p.bytes + [0x0a, 0x0a, 0x09])
        #expect(result.verdict == .safe && codes(result) == ["PT004"])
    }

    @Test func aBrokenPickleAfterAnUnsafeGlobalIsStillJudged() throws {
        var p = PickleBytes(proto: 2)
        p.global("posix", "system"); p.text("id"); p.op(.tuple1); p.op(.reduce); p.get(9)
        let result = try report(p.bytes)
        #expect(result.verdict == .unsafe && Set(codes(result)) == ["PT001", "PT002"])
        // The same break with nothing unsafe before it is an error.
        var q = PickleBytes(proto: 2)
        q.get(9)
        #expect(throws: ArtifactError.self) { try report(q.bytes) }
    }

    @Test func tensorsInABarePickleHaveNoByteRange() throws {
        var p = PickleBytes(proto: 2)
        p.tensor(key: "0", numel: 6, shape: [2, 3], stride: [3, 1])
        p.stop()
        let result = try report(p.bytes)
        #expect(result.tensors?.map(\.name) == [""])
        #expect(result.tensors?.first?.offset == nil)
        #expect(codes(result) == ["PT010"])
    }

    @Test func viewsPastTheirStorageAreErrors() throws {
        // A storage of 8 bytes under a tensor that views 24.
        var p = PickleBytes(proto: 2)
        p.tensor(key: "0", numel: 2, shape: [6], stride: [1])
        p.stop()
        let found = try PTReportBuilderProbe.layout(p.bytes, storageLength: 8)
        #expect(found.findings.map(\.code) == ["PT009"])
        #expect(found.tensors.first?.offset == nil)
    }
}

/// Lays out a bare pickle's tensors against a storage of a given length.
enum PTReportBuilderProbe {
    static func layout(_ bytes: [UInt8], storageLength: Int) throws -> TensorLayout {
        let file = MappedFile(bytes: bytes, name: "probe.pkl")
        let source = PickleSource(file: file, range: 0..<file.size, name: "probe.pkl")
        let stream = PickleStream(source, limits: PickleLimits(), trailing: false)
        let builder = PTReportBuilder(file, format: .pickle, gate: GateResult(context: .weightsOnly, limits: PickleLimits()))
        let found = try builder.tensors(in: stream, root: try #require(stream.root))
        return TensorLayout(found) { _ in StorageBytes(offset: 100, length: storageLength, place: "probe") }
    }
}
