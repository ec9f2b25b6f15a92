import Foundation
import Testing
import TestSupport

/// `synap-tool convert SUBCOMMAND`: each subcommand, its usage errors, and the note the spellings
/// before the subcommands print (ConvertCLITests runs those spellings themselves).
@Suite struct ConvertSubcommandCLITests {
    func run(_ arguments: [String]) throws -> CLITests.Run { try CLITests.run(arguments) }

    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test func toSafetensorsThenReshard() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let out = scratch.path + "/m.safetensors"
        let result = try run(["convert", "to-safetensors", Fixtures.path("pytorch/state_dict.pt"), out])
        #expect(result.status == 0)
        #expect(result.stdout == "\(try ChecksumCLITests.sha256(of: bytes(out)))  \(out)\n")
        #expect(!result.stderr.contains("deprecated"))
        let viaOption = try run(["convert", "to-safetensors", Fixtures.path("pytorch/state_dict.pt"), "-o", scratch.path + "/o.safetensors"])
        #expect(viaOption.status == 0)
        #expect(try bytes(scratch.path + "/o.safetensors") == bytes(out))
        let reshard = try run(["convert", "reshard", out, scratch.path + "/shards", "--max-shard-size", "100", "-q", "--verify", "--fsync"])
        #expect(reshard.status == 0)
        #expect(reshard.stdout.contains("model.safetensors.index.json"))
        #expect(reshard.stderr.contains("every byte read back and equal"))
        let unsafe = try run(["convert", "to-safetensors", Fixtures.path("pytorch/unsafe.pt"), scratch.path + "/x"])
        #expect(unsafe.status == 3 && unsafe.stderr.contains("convert-unsafe-pickle"))
    }

    /// external-data then embed gives the model back byte for byte.
    @Test func externalDataThenEmbed() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let moved = try run(["convert", "external-data", Fixtures.path("onnx/tiny.onnx"), scratch.path + "/ext.onnx", "--threshold", "0",
                             "--location", "weights.bin"])
        #expect(moved.status == 0)
        #expect(moved.stdout.contains("/ext.onnx\n") && moved.stdout.contains("/weights.bin\n"))
        #expect(moved.stderr.contains("initializers moved out"))
        let embedded = try run(["convert", "embed", scratch.path + "/ext.onnx", "-o", scratch.path + "/back.onnx"])
        #expect(embedded.status == 0)
        #expect(try bytes(scratch.path + "/back.onnx") == bytes(Fixtures.path("onnx/tiny.onnx")))
    }

    @Test func bundleThenUnbundle() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        try ConvertCLITests.writeModelAndMeta(in: scratch)
        let first = try run(["convert", "bundle", scratch.path + "/model.json", scratch.path + "/model.nb", "-o", scratch.path + "/a.synap"])
        #expect(first.status == 0)
        #expect(first.stderr.contains("entries stored"))
        let unbundled = try run(["convert", "unbundle", scratch.path + "/a.synap", scratch.path + "/u"])
        #expect(unbundled.status == 0)
        #expect(unbundled.stdout.contains("/u/bundle.json\n"))
        #expect(try run(["convert", "bundle", scratch.path + "/u/bundle.json", "-o", scratch.path + "/b.synap"]).status == 0)
        #expect(try bytes(scratch.path + "/a.synap") == bytes(scratch.path + "/b.synap"))
        let refused = try run(["convert", "unbundle", scratch.path + "/a.synap", scratch.path + "/u"])
        #expect(refused.status == 3 && refused.stderr.contains("convert-output-exists"))
    }

    @Test func usageErrorsAreExitTwo() throws {
        let model = Fixtures.path("pytorch/state_dict.pt")
        #expect(try run(["convert", "to-safetensors", model]).status == 2)
        #expect(try run(["convert", "to-safetensors", model, "a", "-o", "b"]).status == 2)
        #expect(try run(["convert", "reshard", model, "out", "--max-shard-size", "5XB"]).status == 2)
        #expect(try run(["convert", "reshard", model, "out"]).status == 2)
        #expect(try run(["convert", "external-data", model, "out", "--threshold", "-1"]).status == 2)
        #expect(try run(["convert", "bundle", "meta.json", "model.nb"]).status == 2)
        #expect(try run(["convert", "embed", model, "out", "--to", "safetensors"]).status == 2)
        #expect(try run(["convert"]).status == 2)
    }

    /// The old spelling runs the same conversion (same bytes, same stdout) and adds one line on
    /// stderr naming the subcommand that replaces it.
    @Test func oldSpellingsNameTheNewOne() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let model = Fixtures.path("pytorch/state_dict.pt")
        let old = try run(["convert", model, "--to", "safetensors", scratch.path + "/old.safetensors"])
        let new = try run(["convert", "to-safetensors", model, scratch.path + "/new.safetensors"])
        #expect(old.status == 0 && new.status == 0)
        #expect(try bytes(scratch.path + "/old.safetensors") == bytes(scratch.path + "/new.safetensors"))
        #expect(old.stdout.replacingOccurrences(of: "old.safetensors", with: "new.safetensors") == new.stdout)
        let notes = old.stderr.split(separator: "\n").filter { $0.contains("deprecated") }
        #expect(notes == ["synap-tool: warning: convert --to safetensors is deprecated and goes in the next release: use synap-tool convert to-safetensors INPUT OUTPUT"])
        #expect(old.stderr == notes[0] + "\n" + new.stderr)
        let onnx = Fixtures.path("onnx/tiny.onnx")
        let spellings: [([String], String)] = [
            ([scratch.path + "/old.safetensors", "--reshard", "5GB", scratch.path + "/shards"], "convert reshard INPUT OUTPUT --max-shard-size SIZE"),
            ([onnx, "--external-data", scratch.path + "/ext.onnx"], "convert external-data INPUT OUT"),
            ([scratch.path + "/ext.onnx", "--embed", scratch.path + "/back.onnx"], "convert embed INPUT OUT"),
        ]
        for (arguments, replacement) in spellings {
            let result = try run(["convert"] + arguments)
            #expect(result.status == 0, "\(arguments)")
            #expect(result.stderr.split(separator: "\n").filter { $0.contains("deprecated") && $0.contains("use synap-tool " + replacement) }.count == 1,
                    "\(result.stderr)")
        }
        let refused = try run(["convert", Fixtures.path("pytorch/unsafe.pt"), "--to", "safetensors", scratch.path + "/x"])
        #expect(refused.status == 3 && refused.stderr.contains("deprecated"))
    }

    @Test func helpListsTheSubcommandsOnly() throws {
        let help = try run(["convert", "--help"])
        #expect(help.status == 0)
        for name in ["to-safetensors", "reshard", "external-data", "embed", "unbundle", "bundle"] {
            #expect(help.stdout.contains("  \(name) "), "\(name)")
        }
        #expect(!help.stdout.contains("deprecated-spelling"))
        let sub = try run(["convert", "reshard", "--help"])
        #expect(sub.status == 0 && sub.stdout.contains("--max-shard-size") && sub.stdout.contains("--fsync"))
    }
}
