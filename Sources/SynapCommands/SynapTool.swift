import ArchitectureCheck
import ArgumentParser
import ModelArtifact
import SystemSeam

/// The `synap-tool` command: its subcommands, and the process's end (the exit code
/// `ExitStatus.decide` gives).
package struct SynapTool: ParsableCommand {
    package init() {}

    package static let configuration = CommandConfiguration(
        commandName: "synap-tool",
        abstract: "Inspect, verify and checksum machine-learning model files before upload.",
        discussion: """
            Exit codes: 0 ok; 1 findings at or above --fail-on; 2 usage error; 3 unreadable or malformed input.
            """,
        version: "0.1.0",
        subcommands: [Detect.self, Inspect.self, Scan.self, Checksum.self, Validate.self, Record.self, Convert.self, Findings.self])

    /// Runs the command the arguments name and exits with the code `ExitStatus.decide` gives how
    /// it ended.
    package static func main(remote backend: ((RemoteOptions) -> any RemoteBackend)?) {
        Remote.factory = backend
        let status: ExitStatus
        do {
            var command = try parseAsRoot()
            // A command with a remote input goes whole to the helper that links the remote stack
            // (checked only when an argument looks remote: a local run pays nothing).
            if backend == nil, CommandLine.arguments.dropFirst().contains(where: Remote.isRemote),
               let reader = command as? any ReadsRemoteInputs, !reader.remoteInputs.isEmpty {
                throw RemoteHelper.handOver(CommandLine.arguments)
            }
            if let reporting = command as? any ResultCommand {
                status = ExitStatus.decide(.finished(try reporting.execute()))
            } else {
                try command.run()
                status = ExitStatus.decide(.finished(.done))
            }
        } catch {
            status = ExitStatus.decide(.failed(error))
            tell(error, status)
        }
        Syscall.exit(status.rawValue)
    }

    /// Says why the command ended with `error`: an input's error or a usage message on stderr;
    /// help or the version (status 0) on stdout.
    private static func tell(_ error: any Error, _ status: ExitStatus) {
        switch error {
        case let failure as ArtifactError:
            Console.error(failure)
        case let failure as SpecError:
            Console.error(TerminalText.clean(failure.message, limit: TerminalText.messageLimit))
        default:
            if status == .ok { print(fullMessage(for: error)) } else { Console.error(fullMessage(for: error)) }
        }
    }
}
