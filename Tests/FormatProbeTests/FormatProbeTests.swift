import ModelArtifact
import Testing
@testable import FormatProbe

/// Detection from byte prefixes: every format's signature, and the things that must stay `unknown`.
@Suite struct FormatProbeTests {
    func detect(_ bytes: [UInt8], name: String? = nil, complete: Bool = true) -> Detection {
        FormatProbe.detect(prefix: bytes, name: name, totalSize: complete ? bytes.count : nil)
    }

    static func le64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) } }
    static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * UInt32($0))) } }

    static func safetensors(_ header: String = #"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}"#) -> [UInt8] {
        le64(UInt64(header.utf8.count)) + Array(header.utf8) + [7]
    }

    /// A minimal ModelProto: ir_version 8, producer "t", graph { name "g" }, opset_import { version 17 }.
    static let onnx: [UInt8] = [0x08, 0x08, 0x12, 0x01, 0x74, 0x3a, 0x03, 0x12, 0x01, 0x67, 0x42, 0x02, 0x10, 0x11]

    @Test func magicFormats() {
        #expect(detect(Array("GGUF".utf8) + Self.le32(3) + [UInt8](repeating: 0, count: 16)).format == .gguf)
        #expect(detect(Array("GGUF".utf8) + Self.le32(3)).confidence == .certain)
        #expect(detect(Array("lmgg".utf8) + [1, 2, 3, 4]).format == .ggml)
        #expect(detect(Array("tjgg".utf8) + [1, 0, 0, 0]).format == .ggml)
        #expect(detect(Array("EBGX".utf8) + [0, 0, 0, 0]).format == .ebg)
        #expect(detect(Array("VPMN".utf8) + [0, 0, 0, 0]).format == .nbg)
        #expect(detect([0x93] + Array("NUMPY".utf8) + [1, 0]).format == .npy)
        let tflite = Self.le32(16) + Array("TFL3".utf8) + [UInt8](repeating: 0, count: 24)
        #expect(detect(tflite).format == .tflite)
        #expect(detect(tflite).confidence == .certain)
    }

    @Test func safetensorsByHeader() {
        let d = detect(Self.safetensors())
        #expect(d.format == .safetensors && d.confidence == .certain)
        // A prefix that stops inside the header is safetensors, but more bytes would make it sure.
        let cut = detect(Array(Self.safetensors().prefix(20)), complete: false)
        #expect(cut.format == .safetensors && cut.needsMoreBytes)
        // A header length larger than the whole input is not safetensors.
        var lying = Self.safetensors()
        lying.replaceSubrange(0..<8, with: Self.le64(5000))
        #expect(detect(lying).format == .unknown)
    }

    @Test func onnxByItsFirstFields() {
        let d = detect(Self.onnx, name: "m.onnx")
        #expect(d.format == .onnx && d.confidence == .certain)
        #expect(d.findings.isEmpty)
        // Unknown field numbers or wire types are not ONNX.
        #expect(detect([0x08, 0x08, 0x7a, 0x01, 0x00]).format == .unknown)
        #expect(detect([0x09, 0x08, 0x12, 0x01, 0x74]).format == .unknown)
        // An ir_version of 0 or absurdly high is not ONNX.
        #expect(detect([0x08, 0x00, 0x3a, 0x00]).format == .unknown)
        #expect(detect([0x08, 0x7f, 0x3a, 0x00]).format == .unknown)
        // A graph longer than the file is not ONNX.
        #expect(detect([0x08, 0x08, 0x3a, 0x40, 0x00]).format == .unknown)
        // From a stream prefix, a graph that runs past the prefix is fine.
        let prefix = detect([0x08, 0x08, 0x3a, 0xff, 0x7f, 0x0a, 0x01], complete: false)
        #expect(prefix.format == .onnx && prefix.needsMoreBytes)
    }

    @Test func picklesAndLegacyTorch() {
        let benign: [UInt8] = Array("(lp0\nVa\np1\naVb\np2\na.".utf8)
        #expect(detect(benign).format == .pickle)
        let proto4: [UInt8] = [0x80, 0x04, 0x95, 0x05, 0, 0, 0, 0, 0, 0, 0, 0x5d, 0x94, 0x4b, 0x01, 0x61, 0x2e]
        #expect(detect(proto4).format == .pickle)
        let legacy: [UInt8] = [0x80, 0x02, 0x8a, 0x0a] + FormatSignatures.torchLegacyMagic + [0x2e, 0x80, 0x02, 0x4d, 0xe9, 0x03, 0x2e]
        let d = detect(legacy)
        #expect(d.format == .ptLegacy && d.confidence == .certain)
        // The magic as a string further in (picklescan's bypass sample) is a plain pickle.
        let bypass: [UInt8] = [0x80, 0x02] + Array("c__builtin__\neval\n".utf8) + [0x71, 0x00, 0x58, 3, 0, 0, 0]
            + Array("abc".utf8) + [0x71, 0x01, 0x85, 0x71, 0x02, 0x52, 0x71, 0x03, 0x2e]
        #expect(detect(bypass).format == .pickle)
        // Stack rules: APPEND on an empty stack is no pickle.
        #expect(detect(Array("a.".utf8)).format == .unknown)
        #expect(detect([0x80, 0x09, 0x2e]).format == .unknown)
    }

    @Test func thingsThatAreNotModels() {
        #expect(detect([]).format == .unknown)
        #expect(detect(Array("(* Content-type: application/vnd.wolfram.mathematica *)\nNotebook[{}]".utf8), name: "x.nb").format == .unknown)
        #expect(detect(Array("Hello, world. This is plain text, not a model.\n".utf8)).format == .unknown)
        #expect(detect([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13] + Array("IHDR".utf8)).format == .unknown)
        #expect(detect(Array("{\"json\": true}".utf8)).format == .unknown)
    }

    @Test func randomBytesAreUnknown() {
        var state: UInt64 = 42
        var misses = 0
        for _ in 0..<2000 {
            var bytes: [UInt8] = []
            for _ in 0..<256 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                bytes.append(UInt8(truncatingIfNeeded: state >> 33))
            }
            if detect(bytes).format != .unknown { misses += 1 }
        }
        #expect(misses == 0)
    }

    @Test func extensionThatDisagreesIsAWarning() {
        let d = detect(Self.safetensors(), name: "model.onnx")
        #expect(d.format == .safetensors)
        #expect(d.findings.map(\.code) == ["PROBE001"])
        #expect(d.findings.first?.severity == .warning)
        let unknown = detect(Array("not a model at all, just words".utf8), name: "model.tflite")
        #expect(unknown.findings.map(\.code) == ["PROBE002"])
        #expect(detect(Self.safetensors(), name: "model.safetensors").findings.isEmpty)
        #expect(detect(Self.safetensors(), name: "notes.txt").findings.isEmpty)
    }

    @Test func shortPrefixesAskForMoreBytes() {
        let d = detect([0x08], complete: false)
        #expect(d.format == .unknown || d.needsMoreBytes)
        #expect(detect([], complete: false).needsMoreBytes)
        #expect(detect([0x80, 0x04, 0x95], complete: false).needsMoreBytes)
    }
}

/// ZIP layouts, told apart by entry names.
@Suite struct ZipClassifierTests {
    @Test func layouts() {
        #expect(ZipClassifier.classify(["archive/data.pkl", "archive/data/0", "archive/version"], complete: true, source: "t").format == .pt)
        #expect(ZipClassifier.classify(["m/data.pkl", "m/code/__torch__/x.py", "m/constants.pkl"], complete: true, source: "t").format == .torchscript)
        #expect(ZipClassifier.classify(["m/archive_format", "m/models/model.json"], complete: true, source: "t").format == .pt2)
        #expect(ZipClassifier.classify(["bundle.json", "0/model.nb", "0/model.json"], complete: true, source: "t").format == .synap)
        #expect(ZipClassifier.classify(["a.npy", "b.npy"], complete: true, source: "t").format == .npz)
        #expect(ZipClassifier.classify(["readme.txt"], complete: true, source: "t").format == .zip)
        #expect(ZipClassifier.classify([], complete: true, source: "t").format == .zip)
    }

    @Test func prefixesSayWhenTheyNeedMore() {
        let synap = ZipClassifier.classify(["0/", "0/subgraph_0.vmfb"], complete: false, source: "t")
        #expect(synap.format == .synap && synap.needsMoreBytes)
        let unsure = ZipClassifier.classify(["m/data/0"], complete: false, source: "t")
        #expect(unsure.format == .zip && unsure.needsMoreBytes)
        #expect(!ZipClassifier.isSyNAPSubgraphMember("0/subgraph_.onnx"))
        #expect(!ZipClassifier.isSyNAPSubgraphMember("x/model.nb"))
        #expect(ZipClassifier.isSyNAPSubgraphMember("12/subgraph_3.tflite"))
    }
}
