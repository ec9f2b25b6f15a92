import Conversion
import Foundation
import ModelArtifact
import ONNXReader
import TestSupport
import Testing

@Suite struct ONNXExternalDataTests {
    @Test(arguments: ["onnx/tiny.onnx", "onnx/features.onnx"])
    func externalizeThenEmbedIsByteIdentical(_ fixture: String) throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let input = Fixtures.path(fixture)
        let written = try ONNXExternalData.externalize(input, output: scratch.path + "/ext.onnx", threshold: 16)
        #expect(written.map(\.path) == [scratch.path + "/ext.onnx", scratch.path + "/ext.onnx.data"])
        #expect(written[0].tensorCount > 0)
        let report = try ONNXReader.read(MappedFile(path: scratch.path + "/ext.onnx"))
        let external = (report.tensors ?? []).filter { $0.file != nil }
        #expect(external.count == written[0].tensorCount)
        #expect(external.allSatisfy { $0.file == "ext.onnx.data" && $0.offset! % ONNXExternalData.alignment == 0 })
        let back = try ONNXExternalData.embed(scratch.path + "/ext.onnx", output: scratch.path + "/back.onnx")
        #expect(back.tensorCount == written[0].tensorCount)
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/back.onnx")) == Data(contentsOf: URL(fileURLWithPath: input)))
    }

    @Test func embedsAnExternalFixture() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let result = try ONNXExternalData.embed(Fixtures.path("onnx/external/model.onnx"), output: scratch.path + "/m.onnx")
        #expect(result.tensorCount > 0)
        let report = try ONNXReader.read(MappedFile(path: scratch.path + "/m.onnx"))
        #expect((report.tensors ?? []).allSatisfy { $0.file == nil })
        #expect(rule { _ = try ONNXExternalData.embed(Fixtures.path("onnx/external/model.onnx"), output: scratch.path + "/n.onnx",
                                                      limit: 100) } == "convert-embed-too-large")
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/n.onnx"))
    }

    /// A model whose data is external already, externalised into another folder: its data moves
    /// into the new file, so the result stands on its own and embeds to what the original embeds to.
    @Test func externalDataMovesWithTheModel() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let input = Fixtures.path("onnx/external/model.onnx")
        let written = try ONNXExternalData.externalize(input, output: scratch.path + "/moved.onnx", threshold: 1 << 30)
        #expect(written.count == 2 && written[0].tensorCount > 0)
        let report = try ONNXReader.read(MappedFile(path: scratch.path + "/moved.onnx"))
        #expect((report.tensors ?? []).allSatisfy { $0.file == nil || $0.file == "moved.onnx.data" })
        _ = try ONNXExternalData.embed(scratch.path + "/moved.onnx", output: scratch.path + "/a.onnx")
        _ = try ONNXExternalData.embed(input, output: scratch.path + "/b.onnx")
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/a.onnx")) == Data(contentsOf: URL(fileURLWithPath: scratch.path + "/b.onnx")))
        // Nothing to move: the model alone, no empty data file.
        let none = try ONNXExternalData.externalize(Fixtures.path("onnx/tiny.onnx"), output: scratch.path + "/same.onnx", threshold: 1 << 30)
        #expect(none.map(\.path) == [scratch.path + "/same.onnx"])
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/same.onnx.data"))
    }

    @Test func refusals() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let model = try scratch.copyFixture("onnx/external/model.onnx")
        #expect(rule { _ = try ONNXExternalData.embed(model, output: scratch.path + "/o.onnx") } == "convert-bad-external-location")
        let tiny = try scratch.copyFixture("onnx/tiny.onnx")
        #expect(rule { _ = try ONNXExternalData.externalize(tiny, output: scratch.path + "/o.onnx", location: "../w.bin") }
            == "convert-unsafe-location")
        #expect(rule { _ = try ONNXExternalData.externalize(tiny, output: scratch.path + "/o.onnx", location: "/tmp/w.bin") }
            == "convert-unsafe-location")
        #expect(rule { _ = try ONNXExternalData.externalize(tiny, output: tiny) } == "convert-overwrites-input")
        #expect(rule { _ = try ONNXExternalData.externalize(tiny, output: scratch.path + "/o.onnx", location: "tiny.onnx") }
            == "convert-overwrites-input")
        #expect(rule { _ = try ONNXExternalData.externalize(Fixtures.path("pytorch/bare.pkl"), output: scratch.path + "/p.onnx") }
            != nil)
    }

    @Test func hostileModelsThrowArtifactErrors() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("onnx/features.onnx"))))
        try expectOnlyArtifactErrors(original, in: scratch, name: "in.onnx", seed: 4) { input, _ in
            _ = try ONNXExternalData.externalize(input, output: scratch.path + "/o.onnx", threshold: 0)
        }
        try expectOnlyArtifactErrors(original, in: scratch, name: "in.onnx", seed: 5) { input, _ in
            _ = try ONNXExternalData.embed(input, output: scratch.path + "/e.onnx")
        }
    }
}
