import ArchitectureCheck
import ArgumentParser
import ModelArtifact
import UploadRecords

/// `synap-tool record cerebras DIR --arch ID --weight-uri s3://…`: the body of a model version upload.
struct RecordCerebras: ResultCommand {
    static let configuration = CommandConfiguration(
        commandName: "cerebras",
        abstract: "Validate a finetuned checkpoint against its architecture, then print the model version upload body.",
        discussion: """
            The fields are checked against the API's patterns first (weight_uri \
            ^s3://[a-zA-Z0-9.\\-_/~]+$, each alias ^[a-z][a-zA-Z0-9-]{0,126}[a-z0-9]$ and no alias \
            twice, suffix ^[a-zA-Z0-9-]{1,64}$), with the API's own messages; then DIR is validated \
            as `synap-tool validate` does; then the JSON body of \
            POST /management/v1/orgs/{org_name}/models:upload is printed.
            """)

    @Argument(help: "The checkpoint folder (the files that will be at --weight-uri).")
    var path: String

    @OptionGroup var architecture: ArchitectureOptions

    @Option(name: .long, help: ArgumentHelp("Where the weights will be: s3://bucket/prefix.", valueName: "uri"))
    var weightURI: String

    @Option(name: .customLong("alias"), help: ArgumentHelp("A version alias; repeat for several.", valueName: "alias"))
    var aliases: [String] = []

    @Option(name: .long, help: ArgumentHelp("Appended to the system fingerprint.", valueName: "suffix"))
    var fingerprintSuffix: String?

    func validate() throws {
        if architecture.isEmpty { throw ValidationError("give --arch ID (or auto, or --arch-file FILE)") }
        let issues = request(archID: "placeholder").issues
        if !issues.isEmpty { throw ValidationError(issues.map(\.description).joined(separator: "\n")) }
    }

    func request(archID: String) -> ModelVersionUploadRequest {
        ModelVersionUploadRequest(modelArchID: archID, model: .init(
            weightURI: weightURI, versionAliases: aliases.isEmpty ? nil : aliases, systemFingerprintSuffix: fingerprintSuffix))
    }

    func execute() throws -> CommandResult {
        let result = try ArchitectureChecker().check(path: path, architecture.choice())
        guard result.passed else {
            Console.note(ValidationView(result: result).render())
            Console.error("\(TerminalText.clean(path)) is not a valid \(TerminalText.clean(result.architecture)) checkpoint: not recorded")
            return CommandResult(worstFinding: result.worstSeverity)
        }
        Console.writeLine(JSONWriter.bytes(request(archID: result.architecture).json))
        return .done
    }
}
