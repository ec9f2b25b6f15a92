import Foundation
import Testing
import TestSupport

/// `synap-tool convert` in the spellings from before its subcommands (`convert INPUT --to …`):
/// what it prints and its exit codes.
@Suite struct ConvertCLITests {
    func run(_ arguments: [String]) throws -> CLITests.Run { try CLITests.run(arguments) }

    /// Writes `model.nb` (a legacy EBG payload) and `model.json` (its meta) into `scratch`.
    static func writeModelAndMeta(in scratch: ScratchFolder) throws {
        try scratch.write("model.nb", Array("EBGX".utf8) + [UInt8](repeating: 7, count: 64))
        try scratch.write("model.json", Array(#"{"Inputs": {"0": {"shape": [1]}}, "Outputs": {"0": {"shape": [1]}}}"#.utf8))
    }

    @Test func convertPrintsTheSHA256OfWhatItWrote() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let out = scratch.path + "/m.safetensors"
        let result = try run(["convert", Fixtures.path("pytorch/state_dict.pt"), "--to", "safetensors", out])
        #expect(result.status == 0)
        let written = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(result.stdout == "\(try ChecksumCLITests.sha256(of: written))  \(out)\n")
        let reshard = try run(["convert", out, "--reshard", "100", "-o", scratch.path + "/shards", "-q", "--verify", "--fsync"])
        #expect(reshard.status == 0)
        #expect(reshard.stdout.contains("model.safetensors.index.json"))
        #expect(reshard.stderr.contains("every byte read back and equal"))
    }

    /// `--bundle META.json MODEL… -o OUT.synap`, with a model's meta JSON and with a bundle description.
    @Test func bundleTakesMetaAndModels() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        try Self.writeModelAndMeta(in: scratch)
        let first = try run(["convert", "--bundle", scratch.path + "/model.json", scratch.path + "/model.nb", "-o", scratch.path + "/a.synap"])
        #expect(first.status == 0)
        #expect(try run(["convert", scratch.path + "/a.synap", "--unbundle", scratch.path + "/u"]).status == 0)
        let again = try run(["convert", "--bundle", scratch.path + "/u/bundle.json", "-o", scratch.path + "/b.synap"])
        #expect(again.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/a.synap")) == Data(contentsOf: URL(fileURLWithPath: scratch.path + "/b.synap")))
        #expect(try run(["convert", "--bundle", scratch.path + "/model.json", scratch.path + "/model.nb"]).status == 2)
    }

    /// A refused bundle exits 3 naming the bundle, the entry's offset and the rule, prints no
    /// digest, and leaves nothing behind; a target folder that holds files is never written into.
    @Test func unbundleRefusalsLeaveNothing() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        var zip = TestZip()
        zip.add("bundle.json", Array("{}".utf8))
        zip.add("0/model.nb", Array("EBGX".utf8))
        zip.add("../escape", Array("x".utf8))
        let input = try scratch.write("bad.synap", zip.bytes)
        let refused = try run(["convert", input, "--unbundle", scratch.path + "/u"])
        #expect(refused.status == 3)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr.contains("bad.synap@0x") && refused.stderr.contains("convert-unsafe-entry-name"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["bad.synap"])
        var good = TestZip()
        good.add("bundle.json", Array("{}".utf8))
        let ok = try scratch.write("ok.synap", good.bytes)
        try FileManager.default.createDirectory(atPath: scratch.path + "/full", withIntermediateDirectories: true)
        try scratch.write("full/keep", [1])
        let occupied = try run(["convert", ok, "--unbundle", scratch.path + "/full"])
        #expect(occupied.status == 3 && occupied.stderr.contains("convert-output-exists"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/full") == ["keep"])
    }

    @Test func exitCodes() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        #expect(try run(["convert", Fixtures.path("pytorch/unsafe.pt"), "--to", "safetensors", scratch.path + "/x"]).status == 3)
        #expect(try run(["convert", Fixtures.path("pytorch/state_dict.pt"), scratch.path + "/x"]).status == 2)
        #expect(try run(["convert", Fixtures.path("onnx/tiny.onnx"), "--embed", scratch.path + "/a", "--unbundle", "b"]).status == 2)
        #expect(try run(["convert", Fixtures.path("onnx/tiny.onnx"), "--embed", scratch.path + "/a", "-o", "b"]).status == 2)
        #expect(try run(["convert", "--to", "safetensors", "-o", scratch.path + "/x"]).status == 2)
        let input = try scratch.copyFixture("pytorch/state_dict.pt")
        let refused = try run(["convert", input, "--to", "safetensors", input])
        #expect(refused.status == 3 && refused.stderr.contains("convert-overwrites-input"))
    }
}
