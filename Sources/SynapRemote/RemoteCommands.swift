import ArchitectureCheck
import FormatProbe
import ModelArtifact
import SynapCommands

/// The remote backend of `synap-tool-remote`: the commands' remote inputs through one
/// `RemoteInputs` (one store: credentials, connections, counters) for the run.
package final class RemoteCommands: RemoteBackend {
    private let inputs: RemoteInputs

    package init(options: RemoteOptions) {
        inputs = RemoteInputs(options)
    }

    package func inspect(_ path: String) throws -> ModelReport { try inputs.inspect(path) }

    package func detect(_ path: String) throws -> (detection: Detection, remote: RemoteSection) { try inputs.detect(path) }

    package func scan(_ path: String) throws -> [ScanResult] { try inputs.scan(path) }

    package func check(_ path: String, _ choice: ArchitectureChecker.Choice) throws -> (result: CheckResult, remote: RemoteSection?) {
        try inputs.check(path, choice)
    }

    package func checksum(_ paths: [String], _ request: RemoteChecksumRequest) -> CommandResult {
        checksums(request).run(paths)
    }

    package func against(local: String, remote: String, _ request: RemoteChecksumRequest) throws -> CommandResult {
        try checksums(request).against(local: local, remote: remote)
    }

    private func checksums(_ request: RemoteChecksumRequest) -> RemoteChecksum {
        RemoteChecksum(inputs: inputs, algorithms: request.algorithms, partSize: request.partSize, json: request.json, quiet: request.quiet)
    }
}
