import ArchitectureCheck
import Foundation
import ModelArtifact
import Testing
import TestSupport

/// Writes a shape-true sparse checkpoint of a registered architecture, as published (shard count, first shard number).
func writeCheckpoint(_ id: String, in scratch: ScratchFolder, shards: Int, firstShard: Int = 1,
                     edit: (inout [SparseCheckpoint.Tensor], inout JSONObject) -> Void = { _, _ in }) throws -> String {
    let spec = try #require(ArchitectureRegistry.builtin.spec(id))
    var tensors = spec.inventory(.huggingFace).filter { !$0.optional }.map {
        SparseCheckpoint.Tensor(name: $0.name, dtype: $0.dtypes[0].name, shape: $0.shape, byteLength: $0.byteLength ?? 0)
    }
    var config = try #require(spec.expectedConfig.objectValue)
    edit(&tensors, &config)
    let folder = scratch.path + "/" + id
    try SparseCheckpoint.writeFolder(folder, tensors, shards: shards, firstShard: firstShard,
                                     config: JSONWriter.string(.object(config)))
    return folder
}

/// `synap-tool validate`: verdicts, exit codes and the four output formats.
@Suite struct ValidateCLITests {
    static func json(_ text: String) throws -> JSONObject {
        try #require(try JSONParser.parse(bytes: Array(text.utf8)).objectValue)
    }

    @Test func bothSeedArchitecturesPass() throws {
        let scratch = try ScratchFolder("cli-validate")
        defer { scratch.remove() }
        let llama = try writeCheckpoint("llama3.1-8b", in: scratch, shards: 4)
        let oss = try writeCheckpoint("gpt-oss-120b", in: scratch, shards: 15, firstShard: 0)
        #expect(FileManager.default.fileExists(atPath: oss + "/model-00000-of-00014.safetensors"))
        let text = try CLITests.run(["validate", llama, "--arch", "llama3.1-8b"])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("\(llama) → llama3.1-8b: pass\n"))
        #expect(text.stdout.contains("291 of 291 as expected (score 1.00)"))
        let json = try CLITests.run(["validate", oss, "--arch", "gpt-oss-120b", "--format", "json"])
        #expect(json.status == 0)
        let report = try Self.json(json.stdout)
        #expect(report.keys == ["schema", "path", "format", "architecture", "verdict", "score", "tensors", "config", "findings"])
        #expect(report["schema"] == .string("synap-tool.validate/1"))
        #expect(report["verdict"] == .string("pass"))
        #expect(report["tensors"]?.objectValue?["matched"] == .int(687))
        #expect(report["findings"] == .array([]))
    }

    @Test func errorsFailWithExitOneAndEveryFormatSaysWhy() throws {
        let scratch = try ScratchFolder("cli-validate-bad")
        defer { scratch.remove() }
        let folder = try writeCheckpoint("llama3.1-8b", in: scratch, shards: 4) { tensors, config in
            tensors.removeAll { $0.name == "lm_head.weight" }
            config["tie_word_embeddings"] = .bool(true)
        }
        let text = try CLITests.run(["validate", folder, "--arch", "llama3.1-8b"])
        #expect(text.status == 1)
        #expect(text.stdout.contains("→ llama3.1-8b: FAIL (2 errors)"))
        #expect(text.stdout.contains("ARCH011  lm_head.weight missing: the checkpoint sets tie_word_embeddings true"))
        #expect(try CLITests.run(["validate", folder, "--arch", "llama3.1-8b", "--fail-on", "never"]).status == 0)

        let github = try CLITests.run(["validate", folder, "--arch", "llama3.1-8b", "--format", "github"])
        #expect(github.status == 1)
        let lines = github.stdout.split(separator: "\n").map(String.init)
        #expect(lines == [
            "::error file=\(folder)/config.json,title=ARCH005 Config value differs::config.json tie_word_embeddings is true; llama3.1-8b has false",
            "::error file=\(folder),title=ARCH011 Output tied to the embeddings::lm_head.weight missing: the checkpoint sets tie_word_embeddings true, so its output layer is the embedding matrix; llama3.1-8b has its own lm_head.weight",
            "synap-tool validate: \(folder) is not llama3.1-8b (score 1.00, 2 errors)",
        ])

        let sarif = try CLITests.run(["validate", folder, "--arch", "llama3.1-8b", "--format", "sarif"])
        #expect(sarif.status == 1)
        let log = try Self.json(sarif.stdout)
        #expect(log["version"] == .string("2.1.0"))
        #expect(log["$schema"] == .string("https://json.schemastore.org/sarif-2.1.0.json"))
        let run = try #require(log["runs"]?.arrayValue?.first?.objectValue)
        let driver = try #require(run["tool"]?.objectValue?["driver"]?.objectValue)
        #expect(driver["name"] == .string("synap-tool"))
        let rules = try #require(driver["rules"]?.arrayValue).compactMap { $0.objectValue?["id"]?.stringValue }
        #expect(rules == ["ARCH005", "ARCH011"])
        let first = try #require(driver["rules"]?.arrayValue?.first?.objectValue)
        #expect(first["shortDescription"]?.objectValue?["text"] == .string("Config value differs"))
        #expect(first["fullDescription"]?.objectValue?["text"] == .string("A config value differs."))
        #expect(first["defaultConfiguration"]?.objectValue?["level"] == .string("error"))
        let results = try #require(run["results"]?.arrayValue).compactMap(\.objectValue)
        #expect(results.map { $0["ruleId"] } == [.string("ARCH005"), .string("ARCH011")])
        for result in results {
            let index = try #require(result["ruleIndex"]?.intValue)
            #expect(result["ruleId"]?.stringValue == rules[Int(index)])
            #expect(result["level"] == .string("error"))
            #expect(result["message"]?.objectValue?["text"]?.stringValue?.isEmpty == false)
            let uri = result["locations"]?.arrayValue?.first?.objectValue?["physicalLocation"]?.objectValue?["artifactLocation"]?
                .objectValue?["uri"]?.stringValue
            #expect(uri?.hasPrefix("file:///") == true)
        }
    }

    @Test func autoNamesTheArchitectureWithItsScore() throws {
        let scratch = try ScratchFolder("cli-auto")
        defer { scratch.remove() }
        let folder = try writeCheckpoint("qwen-3-32b", in: scratch, shards: 17)
        let result = try CLITests.run(["validate", folder, "--arch", "auto", "--format", "json"])
        #expect(result.status == 0)
        let report = try Self.json(result.stdout)
        #expect(report["architecture"] == .string("qwen-3-32b"))
        let candidates = try #require(report["candidates"]?.arrayValue)
        #expect(candidates.count == 5)
        #expect(candidates.first == .object(["architecture": .string("qwen-3-32b"), "score": .double(1)]))
        let text = try CLITests.run(["validate", folder, "--arch", "auto"])
        #expect(text.stdout.contains("auto      best match, score 1.00; next "))
    }

    @Test func usageAndInputErrors() throws {
        let scratch = try ScratchFolder("cli-validate-usage")
        defer { scratch.remove() }
        #expect(try CLITests.run(["validate", scratch.path]).status == 2)
        let unknown = try CLITests.run(["validate", scratch.path, "--arch", "llama-9b"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown architecture 'llama-9b': use auto or one of llama3.1-8b, llama-3.3-70b"))
        #expect(try CLITests.run(["validate", scratch.path, "--arch", "auto", "--format", "xml"]).status == 2)
        let badSpec = try scratch.write("bad.json", Array(#"{"id": "x", "family": "llama", "confg": {}}"#.utf8))
        let spec = try CLITests.run(["validate", scratch.path, "--arch-file", badSpec])
        #expect(spec.status == 3)
        #expect(spec.stderr == "synap-tool: \(badSpec): architecture has an unknown member \"confg\"\n")
        let missing = try CLITests.run(["validate", scratch.path + "/nope", "--arch", "auto"])
        #expect(missing.status == 3)
    }

    @Test func anArchitectureFileExtendsABuiltInOne() throws {
        let scratch = try ScratchFolder("cli-arch-file")
        defer { scratch.remove() }
        let folder = try writeCheckpoint("llama3.1-8b", in: scratch, shards: 4)
        let file = try scratch.write("my-llama.json", Array("""
            {"id": "my-llama-8b", "base": "llama3.1-8b", "sources": ["our fork"], "config": {"rope_theta": 1000000.0}}
            """.utf8))
        let result = try CLITests.run(["validate", folder, "--arch-file", file, "--format", "json"])
        #expect(result.status == 1)
        let report = try Self.json(result.stdout)
        #expect(report["architecture"] == .string("my-llama-8b"))
        #expect(report["findings"]?.arrayValue?.compactMap { $0.objectValue?["message"]?.stringValue }
                    == ["config.json rope_theta is 500000.0; my-llama-8b has 1000000.0"])
    }

    @Test func listShowsTheRegistry() throws {
        let text = try CLITests.run(["validate", "--list"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("gpt-oss-120b   gpt-oss      36    2880      687  gpt-oss 120B"))
        let json = try CLITests.run(["validate", "--list", "--format", "json"])
        let items = try #require(try JSONParser.parse(bytes: Array(json.stdout.utf8)).arrayValue).compactMap(\.objectValue)
        #expect(items.map { $0["id"] } == ArchitectureRegistry.builtin.ids.map(JSONValue.string))
        #expect(items.first?["tensors"]?.arrayValue?.count == 291)
    }
}
