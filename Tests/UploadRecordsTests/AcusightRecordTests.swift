import FormatProbe
import Foundation
import ModelArtifact
import Testing
import UploadRecords

/// The Acusight project upload: the `ModelVersion` record and its envelope, and the format decided
/// from a file's content as the upload would.
@Suite struct AcusightRecordTests {
    @Test func anUploadedRecordLeavesOutWhatTheServerAssigns() {
        let record = ModelVersion.uploaded(format: .onnx, projectID: 42, versionID: nil, artifactURI: "s3://models/vad.onnx")
        #expect(JSONWriter.string(record.json, style: .compact)
                    == #"{"artifact_uri": "s3://models/vad.onnx", "format": "onnx", "is_reference": false, "project_id": 42, "version_id": 0}"#)
        let versioned = ModelVersion.uploaded(format: .pt, projectID: 1, versionID: 7, artifactURI: nil)
        #expect(JSONWriter.string(versioned.json, style: .compact) == #"{"format": "pt", "is_reference": false, "project_id": 1, "version_id": 7}"#)
    }

    @Test func theEnvelopeRoundTrips() throws {
        let text = """
            {"data": {"artifact_uri": "s3://a/best.pt", "created_at": "2025-01-01T00:00:00Z", "format": "pt", "id": 9,
                      "is_reference": false, "project_id": 3, "updated_at": "2025-01-01T00:00:00Z", "version_id": 0, "new_field": 1},
             "success": true}
            """
        let response = try APIResponse<ModelVersion>(json: JSONParser.parse(bytes: Array(text.utf8)))
        #expect(response.success == true)
        #expect(response.data?.id == 9)
        #expect(try APIResponse<ModelVersion>(json: response.json) == response)
        let failure = #"{"success": false, "error": {"code": "bad_request", "message": "model_file is required"}, "meta": {"total": 0}}"#
        let refused = try APIResponse<ModelVersion>(json: JSONParser.parse(bytes: Array(failure.utf8)))
        #expect(refused.error?.message == "model_file is required")
        #expect(refused.data == nil)
    }

    @Test func wrongTypesAreLocatedInsideTheEnvelope() throws {
        let text = #"{"data": {"id": "nine", "is_reference": 0}, "meta": {"count": 1.5}}"#
        #expect(try issueLines(APIResponse<ModelVersion>.self, text) == [
            "data.id: Input should be a valid integer",
            "data.is_reference: Input should be a valid boolean",
            "meta.count: Input should be a valid integer",
        ])
    }

    @Test func codableUsesTheSchemaKeys() throws {
        let record = ModelVersion.uploaded(format: .tflite, projectID: 5, versionID: 2, artifactURI: nil)
        let envelope = APIResponse(data: record, success: true)
        let encoded = try JSONEncoder().encode(envelope)
        let object = try #require(JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        let data = try #require(object["data"] as? [String: Any])
        #expect(Set(data.keys) == ["format", "is_reference", "project_id", "version_id"])
        #expect(try JSONDecoder().decode(APIResponse<ModelVersion>.self, from: encoded) == envelope)
    }

    @Test func theFormatComesFromTheContent() {
        func decide(_ name: String, _ format: ModelFormat) -> String {
            switch UploadFormat.decide(name: name, detection: Detection(format, .certain, "test")) {
            case .success(let f): return f.rawValue
            case .failure(let refusal): return refusal.reason
            }
        }
        #expect(decide("models/vad.onnx", .onnx) == "onnx")
        #expect(decide("net.PT", .torchscript) == "pt")
        #expect(decide("old.pt", .ptLegacy) == "pt")
        #expect(decide("m.tflite", .tflite) == "tflite")
        #expect(decide("m.synap", .synap) == "synap")
        #expect(decide("model.safetensors", .safetensors)
                    == "model.safetensors is safetensors (test): the project upload takes PyTorch (.pt), ONNX (.onnx), TFLite (.tflite) or SyNAP (.synap) model files")
        #expect(decide("weights.pth", .pt)
                    == "weights.pth: the content is pt but its extension is .pth; the upload takes pt files named *.pt (rename it weights.pt)")
        #expect(decide("model", .onnx)
                    == "model: the content is onnx but it has no extension; the upload takes onnx files named *.onnx (rename it model.onnx)")
        #expect(decide("x.bin", .unknown)
                    == "x.bin is not a model file synap-tool recognises (test): the project upload takes PyTorch (.pt), ONNX (.onnx), TFLite (.tflite) or SyNAP (.synap) model files")
    }
}
