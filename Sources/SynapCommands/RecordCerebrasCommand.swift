import ArchitectureCheck
import ArgumentParser
import ModelArtifact
import UploadRecords

/// `synap-tool record cerebras DIR --arch ID --weight-uri s3://…`: the body of a model version upload.
struct RecordCerebras: ResultCommand, ReadsRemoteInputs {
    static let configuration = CommandConfiguration(
        commandName: "cerebras",
        abstract: "Validate a finetuned checkpoint against its architecture, then print the model version upload body.",
        discussion: """
            The fields are checked against the API's patterns first (weight_uri \
            ^s3://[a-zA-Z0-9.\\-_/~]+$, each alias ^[a-z][a-zA-Z0-9-]{0,126}[a-z0-9]$ and no alias \
            twice, suffix ^[a-zA-Z0-9-]{1,64}$), with the API's own messages; then DIR is validated \
            as `synap-tool validate` does; then the JSON body of \
            POST /management/v1/orgs/{org_name}/models:upload is printed.

            Given an s3:// prefix, that very prefix is validated (headers only, by ranges) and is the \
            weight_uri; a --weight-uri that differs from it is allowed, and said on stderr.
            """)

    @Argument(help: "The checkpoint: a folder, or the s3://bucket/prefix/ where the weights are.")
    var path: String

    @OptionGroup var architecture: ArchitectureOptions
    @OptionGroup var remote: RemoteOptions

    @Option(name: .long, help: ArgumentHelp("Where the weights are: s3://bucket/prefix (default: the checkpoint, when it is on S3).",
                                            valueName: "uri"))
    var weightURI: String?

    @Option(name: .customLong("alias"), help: ArgumentHelp("A version alias; repeat for several.", valueName: "alias"))
    var aliases: [String] = []

    @Option(name: .long, help: ArgumentHelp("Appended to the system fingerprint.", valueName: "suffix"))
    var fingerprintSuffix: String?

    /// The weight URI recorded: --weight-uri, else the checkpoint's own s3:// location.
    var recordedWeightURI: String? {
        weightURI ?? (path.lowercased().hasPrefix("s3://") ? path : nil)
    }

    var remoteInputs: [String] { [path].filter(Remote.isRemote) }

    func validate() throws {
        if architecture.isEmpty { throw ValidationError("give --arch ID (or auto, or --arch-file FILE)") }
        if recordedWeightURI == nil { throw ValidationError("give --weight-uri s3://…, or the checkpoint's s3:// prefix as PATH") }
        let issues = request(archID: "placeholder").issues
        if !issues.isEmpty { throw ValidationError(issues.map(\.description).joined(separator: "\n")) }
    }

    func request(archID: String) -> ModelVersionUploadRequest {
        ModelVersionUploadRequest(modelArchID: archID, model: .init(
            weightURI: recordedWeightURI ?? "", versionAliases: aliases.isEmpty ? nil : aliases, systemFingerprintSuffix: fingerprintSuffix))
    }

    func execute() throws -> CommandResult {
        if let weightURI, Remote.isRemote(path), Self.trimmed(weightURI) != Self.trimmed(path) {
            Console.note("--weight-uri \(TerminalText.clean(weightURI)) is not the checkpoint validated, \(TerminalText.clean(path))")
        }
        let result = try Validate.check(path, remote: remote, architecture.choice()).result
        guard result.passed else {
            Console.note(ValidationView(result: result).render())
            Console.error("\(TerminalText.clean(path)) is not a valid \(TerminalText.clean(result.architecture)) checkpoint: not recorded")
            return CommandResult(worstFinding: result.worstSeverity)
        }
        Console.writeLine(JSONWriter.bytes(request(archID: result.architecture).json))
        return .done
    }

    /// `uri` without its trailing `/`: `s3://b/ckpt` and `s3://b/ckpt/` name one prefix.
    static func trimmed(_ uri: String) -> String {
        uri.hasSuffix("/") ? String(uri.dropLast()) : uri
    }
}
