import ArgumentParser
import FormatProbe
import ModelArtifact
import ModelInspector
import UploadRecords

/// `synap-tool record acusight FILE --project-id N --name NAME`: the `ModelVersion` a project upload stores.
struct RecordAcusight: ResultCommand {
    static let configuration = CommandConfiguration(
        commandName: "acusight",
        abstract: "Print the ModelVersion that uploading FILE to an Acusight project stores.",
        discussion: """
            FILE is inspected first: it must be a .pt, .onnx, .tflite or .synap model (decided from \
            its content; the name must agree) without error findings. The record is what \
            POST /ml/projects/{id}/models/upload stores, less what the server assigns (id, \
            timestamps): format, project_id, version_id (0 for a versionless upload), \
            is_reference false and artifact_uri when given.
            """)

    @Argument(help: "The model file (.pt, .onnx, .tflite or .synap).")
    var file: String

    @OptionGroup var fields: AcusightFields

    func execute() throws -> CommandResult {
        let report = try ModelInspector.inspect(path: file)
        let errors = report.findings.filter { $0.severity == .error }
        if !errors.isEmpty {
            errors.forEach { Console.note(ReportView.findingLine($0)) }
            Console.error("\(TerminalText.clean(file)) has \(errors.count) error finding\(errors.count == 1 ? "" : "s"): not recorded")
            return CommandResult(worstFinding: .error)
        }
        switch UploadFormat.decide(name: file, detection: try FormatProbe.detect(path: file)) {
        case .failure(let refusal):
            Console.error(TerminalText.clean(refusal.reason, limit: TerminalText.messageLimit))
            return CommandResult(failedChecks: 1)
        case .success(let format):
            let record = ModelVersion.uploaded(format: format, projectID: Int64(fields.projectID),
                                               versionID: fields.versionID.map(Int64.init), artifactURI: fields.artifactURI)
            Console.writeLine(JSONWriter.bytes(record.json))
            return .done
        }
    }
}

/// The fields of an Acusight project upload.
struct AcusightFields: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The project (the {id} of the upload path).", valueName: "n"))
    var projectID: Int

    @Option(name: .long, help: ArgumentHelp("The model's display name (the form field name).", valueName: "name"))
    var name: String

    @Option(name: .long, help: ArgumentHelp("The dataset version to attach to (default: none, recorded as 0).", valueName: "n"))
    var versionID: Int?

    @Option(name: .long, help: ArgumentHelp("Where the file is stored: s3://bucket/key.", valueName: "uri"))
    var artifactURI: String?

    func validate() throws {
        if projectID < 1 { throw ValidationError("--project-id must be 1 or more") }
        if name.allSatisfy(\.isWhitespace) { throw ValidationError("--name must not be empty: the upload requires a display name") }
        if let versionID, versionID < 0 { throw ValidationError("--version-id must be 0 or more") }
        if let artifactURI, !artifactURI.hasPrefix("s3://") || artifactURI.count <= 5 {
            throw ValidationError("--artifact-uri must be a full S3 URI (s3://bucket/key), not '\(artifactURI)'")
        }
    }
}
