import Foundation
import ModelArtifact
import Testing
import TestSupport

/// `synap-tool record`: validate first, then print exactly the JSON the API takes or stores.
@Suite struct RecordCLITests {
    @Test func cerebrasPrintsTheUploadBody() throws {
        let scratch = try ScratchFolder("cli-record")
        defer { scratch.remove() }
        let folder = try writeCheckpoint("gpt-oss-120b", in: scratch, shards: 15, firstShard: 0)
        let result = try CLITests.run(["record", "cerebras", folder, "--arch", "gpt-oss-120b", "--weight-uri", "s3://my-bucket/model-weights",
                                       "--alias", "production", "--alias", "v1-stable", "--fingerprint-suffix", "my-custom-suffix"])
        #expect(result.status == 0)
        let body = try JSONParser.parse(bytes: Array(result.stdout.utf8))
        #expect(JSONWriter.string(body, style: .compact)
                    == #"{"model_arch_id": "gpt-oss-120b", "model": {"weight_uri": "s3://my-bucket/model-weights", "version_aliases": ["production", "v1-stable"], "system_fingerprint_suffix": "my-custom-suffix"}}"#)
        let auto = try CLITests.run(["record", "cerebras", folder, "--arch", "auto", "--weight-uri", "s3://b/w"])
        #expect(auto.stdout.contains(#""model_arch_id": "gpt-oss-120b""#))
    }

    @Test func cerebrasRefusesBadFieldsWithTheAPIsMessages() throws {
        let result = try CLITests.run(["record", "cerebras", "/nonexistent", "--arch", "llama3.1-8b", "--weight-uri", "s3://b/w",
                                       "--alias", "prod", "--alias", "prod", "--fingerprint-suffix", "no_underscores"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("model.version_aliases[1]: Value error, alias 'prod' is given more than once (input \"prod\")"))
        #expect(result.stderr.contains("model.system_fingerprint_suffix: String should match pattern '^[a-zA-Z0-9-]{1,64}$' (input \"no_underscores\")"))
        let uri = try CLITests.run(["record", "cerebras", "/nonexistent", "--arch", "llama3.1-8b", "--weight-uri", "s3://bucket name"])
        #expect(uri.stderr.contains(#"model.weight_uri: String should match pattern '^s3://[a-zA-Z0-9.\-_/~]+$' (input "s3://bucket name")"#))
    }

    @Test func cerebrasRefusesACheckpointThatFailsValidation() throws {
        let scratch = try ScratchFolder("cli-record-bad")
        defer { scratch.remove() }
        let folder = try writeCheckpoint("llama3.1-8b", in: scratch, shards: 4) { tensors, _ in
            tensors.removeAll { $0.name.hasPrefix("model.layers.31.") }
        }
        let result = try CLITests.run(["record", "cerebras", folder, "--arch", "llama3.1-8b", "--weight-uri", "s3://b/w"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("ARCH001  layer 31 missing entirely (9 tensors)"))
        #expect(result.stderr.hasSuffix("synap-tool: \(folder) is not a valid llama3.1-8b checkpoint: not recorded\n"))
    }

    @Test func acusightPrintsTheModelVersion() throws {
        let onnx = Fixtures.path("onnx/tiny.onnx")
        let plain = try CLITests.run(["record", "acusight", onnx, "--project-id", "12", "--name", "vad"])
        #expect(plain.status == 0)
        let record = try JSONParser.parse(bytes: Array(plain.stdout.utf8))
        #expect(JSONWriter.string(record, style: .compact) == #"{"format": "onnx", "is_reference": false, "project_id": 12, "version_id": 0}"#)
        let full = try CLITests.run(["record", "acusight", onnx, "--project-id", "12", "--name", "vad", "--version-id", "4",
                                     "--artifact-uri", "s3://model-artifacts/12/vad.onnx"])
        #expect(JSONWriter.string(try JSONParser.parse(bytes: Array(full.stdout.utf8)), style: .compact)
                    == #"{"artifact_uri": "s3://model-artifacts/12/vad.onnx", "format": "onnx", "is_reference": false, "project_id": 12, "version_id": 4}"#)
    }

    @Test func acusightRefusesWhatTheUploadRefuses() throws {
        let scratch = try ScratchFolder("cli-record-acusight")
        defer { scratch.remove() }
        let safetensors = try CLITests.run(["record", "acusight", Fixtures.path("safetensors/tiny.safetensors"), "--project-id", "1", "--name", "x"])
        #expect(safetensors.status == 1)
        #expect(safetensors.stdout.isEmpty)
        #expect(safetensors.stderr.contains("tiny.safetensors is safetensors ("))
        #expect(safetensors.stderr.hasSuffix("the project upload takes PyTorch (.pt), ONNX (.onnx), TFLite (.tflite) or SyNAP (.synap) model files\n"))
        let renamed = try scratch.write("vad.bin", Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("onnx/tiny.onnx")))))
        let misnamed = try CLITests.run(["record", "acusight", renamed, "--project-id", "1", "--name", "x"])
        #expect(misnamed.status == 1)
        #expect(misnamed.stderr.contains("vad.bin: the content is onnx but its extension is .bin; the upload takes onnx files named *.onnx (rename it vad.onnx)"))
        let onnx = Fixtures.path("onnx/tiny.onnx")
        #expect(try CLITests.run(["record", "acusight", onnx, "--project-id", "1"]).status == 2)
        #expect(try CLITests.run(["record", "acusight", onnx, "--project-id", "0", "--name", "x"]).status == 2)
        #expect(try CLITests.run(["record", "acusight", onnx, "--project-id", "1", "--name", "x", "--artifact-uri", "https://x"]).status == 2)
    }
}
