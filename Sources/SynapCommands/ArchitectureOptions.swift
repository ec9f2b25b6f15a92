import ArchitectureCheck
import ArgumentParser
import ModelArtifact

/// Which architecture a checkpoint is compared with: `--arch ID|auto`, or `--arch-file FILE`.
struct ArchitectureOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A registered architecture (llama3.1-8b, llama-3.3-70b, qwen-3-32b, gpt-oss-20b, gpt-oss-120b), or auto for the best match.",
        valueName: "id"))
    var arch: String?

    @Option(name: .long, help: ArgumentHelp(
        "An architecture file (JSON, the schema of the built-in ones; its family and base may name built-in ones).",
        valueName: "file"))
    var archFile: String?

    func validate() throws {
        if arch != nil && archFile != nil { throw ValidationError("--arch and --arch-file exclude each other") }
        if let arch, arch != "auto", ArchitectureRegistry.builtin.spec(arch) == nil {
            throw ValidationError("unknown architecture '\(arch)': use auto or one of \(ArchitectureRegistry.builtin.ids.joined(separator: ", "))")
        }
    }

    /// True when neither option was given.
    var isEmpty: Bool { arch == nil && archFile == nil }

    /// The choice the options make; an architecture file that breaks the schema throws its
    /// `SpecError` (malformed input, exit 3).
    func choice() throws -> ArchitectureChecker.Choice {
        if let archFile { return .named(try ArchitectureRegistry.builtin.load(file: archFile)) }
        guard let arch, arch != "auto", let spec = ArchitectureRegistry.builtin.spec(arch) else { return .auto }
        return .named(spec)
    }
}

/// How `validate` prints its result, and from which severity it fails.
struct ValidateOutputOptions: ParsableArguments {
    /// The output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, github, sarif
    }

    @Option(name: .long, help: ArgumentHelp(
        "text (for people), json (schema synap-tool.validate/1), github (workflow annotations) or sarif (SARIF 2.1.0, for code scanning).",
        valueName: "format"))
    var format: Format = .text

    @Option(name: .long, help: ArgumentHelp("Exit 1 when a finding is at least this severe: error, warning, info or never.",
                                            valueName: "severity"))
    var failOn: FailThreshold = .error
}
