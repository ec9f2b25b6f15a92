import ArgumentParser
import ModelArtifact

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `synap-tool` command: subcommands, and the exit codes of docs/architecture.md
/// (0 ok, 1 findings at or above the chosen severity, 2 usage, 3 unreadable or malformed input).
@main
struct SynapTool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synap-tool",
        abstract: "Inspect, verify and checksum machine-learning model files before upload.",
        discussion: """
            Exit codes: 0 ok; 1 findings at or above --fail-on; 2 usage error; 3 unreadable or malformed input.
            """,
        version: "0.1.0",
        subcommands: [Detect.self, Inspect.self, Scan.self, Checksum.self, Validate.self, Record.self, Convert.self, Findings.self])

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as ArtifactError {
            Console.error(failure)
            Glibc.exit(ToolExit.malformed.rawValue)
        } catch let done as ToolExit {
            Glibc.exit(done.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Glibc.exit(0)
            }
            Console.error(fullMessage(for: error))
            Glibc.exit(code == .validationFailure ? ToolExit.usage.rawValue : code.rawValue)
        }
    }
}

/// How a command ends, when not with success.
enum ToolExit: Int32, Error {
    /// Findings at or above the chosen severity.
    case findings = 1
    /// The command line was wrong.
    case usage = 2
    /// An input could not be read or broke its format's rules.
    case malformed = 3
}
