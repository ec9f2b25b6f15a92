import Foundation
import Testing
import TestSupport

/// `synap-tool convert`: what it prints and its exit codes.
@Suite struct ConvertCLITests {
    func run(_ arguments: [String]) throws -> CLITests.Run { try CLITests.run(arguments) }

    @Test func convertPrintsTheSHA256OfWhatItWrote() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let out = scratch.path + "/m.safetensors"
        let result = try run(["convert", Fixtures.path("pytorch/state_dict.pt"), "--to", "safetensors", out])
        #expect(result.status == 0)
        let written = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(result.stdout == "\(try ChecksumCLITests.sha256(of: written))  \(out)\n")
        let reshard = try run(["convert", out, "--reshard", "100", scratch.path + "/shards", "-q"])
        #expect(reshard.status == 0)
        #expect(reshard.stdout.contains("model.safetensors.index.json"))
    }

    @Test func exitCodes() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        #expect(try run(["convert", Fixtures.path("pytorch/unsafe.pt"), "--to", "safetensors", scratch.path + "/x"]).status == 3)
        #expect(try run(["convert", Fixtures.path("pytorch/state_dict.pt"), scratch.path + "/x"]).status == 2)
        #expect(try run(["convert", Fixtures.path("onnx/tiny.onnx"), "--embed", scratch.path + "/a", "--unbundle", "b"]).status == 2)
        let input = try scratch.copyFixture("pytorch/state_dict.pt")
        let refused = try run(["convert", input, "--to", "safetensors", input])
        #expect(refused.status == 3 && refused.stderr.contains("convert-overwrites-input"))
    }
}
