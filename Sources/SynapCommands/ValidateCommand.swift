import ArchitectureCheck
import ArgumentParser
import ModelArtifact

/// `synap-tool validate PATH --arch ID|auto`: is this checkpoint the architecture it claims to be?
struct Validate: ResultCommand, ReadsRemoteInputs {
    static let configuration = CommandConfiguration(
        abstract: "Check a checkpoint against a named architecture before it is uploaded.",
        discussion: """
            Compares every tensor's name, shape and dtype, and the config values, with the \
            architecture's (see --list), and lists every difference grouped by layer range: missing \
            and unexpected tensors, shapes (transposed ones said so), dtypes, config values, shards \
            the index does not name, missing tokenizer files. Reads headers only: a 65 GB \
            checkpoint validates in milliseconds. PATH is a Hugging Face checkpoint folder, a \
            safetensors file or a GGUF file. --arch auto names the best-matching architecture and \
            its score; a checkpoint of another size of the family is named ("this looks like \
            llama-3.1-70b").
            """)

    @Argument(help: "A checkpoint folder, safetensors file or GGUF file; s3://bucket/prefix/, s3://bucket/key or https://… read remotely.")
    var path: String?

    @OptionGroup var architecture: ArchitectureOptions
    @OptionGroup var output: ValidateOutputOptions
    @OptionGroup var remote: RemoteOptions

    @Flag(name: .long, help: "List the registered architectures (with --format json, their full definitions) and exit.")
    var list = false

    var remoteInputs: [String] { [path].compactMap { $0 }.filter(Remote.isRemote) }

    func validate() throws {
        if list {
            guard path == nil && architecture.isEmpty else { throw ValidationError("--list takes no path and no --arch") }
            return
        }
        if path == nil { throw ValidationError("give the checkpoint to validate") }
        if architecture.isEmpty { throw ValidationError("give --arch ID, --arch auto or --arch-file FILE") }
    }

    func execute() throws -> CommandResult {
        if list {
            ArchitectureListView.print(ArchitectureRegistry.builtin, json: output.format == .json)
            return .done
        }
        guard let path else { return .done }
        let (result, fetched) = try Self.check(path, remote: remote, architecture.choice())
        switch output.format {
        case .text: print(ValidationView(result: result).render())
        case .json: Console.writeLine(JSONWriter.bytes(result.json.adding(fetched)))
        case .github: print(GitHubAnnotations.render(result))
        case .sarif: Console.writeLine(JSONWriter.bytes(SARIFLog(result: result).json))
        }
        return CommandResult(worstFinding: result.worstSeverity, failOn: output.failOn)
    }

    /// The check of `path`, local or remote (with what reading it took).
    static func check(_ path: String, remote: RemoteOptions, _ choice: ArchitectureChecker.Choice) throws
        -> (result: CheckResult, remote: RemoteSection?) {
        guard Remote.isRemote(path) else { return (try ArchitectureChecker().check(path: path, choice), nil) }
        return try Remote.backend(remote).check(path, choice)
    }
}
