import ArchitectureCheck
import ArgumentParser
import Checksums
import FormatProbe
import ModelArtifact
import SystemSeam

/// Options of the commands that read `s3://` and `http(s)://` inputs.
package struct RemoteOptions: ParsableArguments {
    package init() {}

    @Option(name: .customLong("s3-endpoint"),
            help: ArgumentHelp("An S3-compatible endpoint, addressed path-style (default: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, the profile's endpoint_url, else AWS).",
                               valueName: "url"))
    package var s3Endpoint: String?

    @Flag(name: .long, help: "List every request made for remote inputs on stderr.")
    package var verbose = false

    @Flag(name: .customLong("no-sign-request"), help: "Send S3 requests unsigned (public buckets), whatever credentials there are.")
    package var noSignRequest = false
}

/// What the commands do with remote inputs. The `synap-tool-remote` helper implements it (module
/// `SynapRemote`, over `RemoteArtifact` and AsyncHTTPClient); `synap-tool` itself links none of
/// that, so that its start stays what it was, and hands a command with a remote input to the helper
/// whole (`RemoteHelper.handOver`), as git hands https remotes to `git-remote-https`.
package protocol RemoteBackend: AnyObject {
    /// The report of the remote file or checkpoint prefix `path`, with its `remote` section.
    func inspect(_ path: String) throws -> ModelReport
    /// The detection of the remote object or prefix `path`, and what it took.
    func detect(_ path: String) throws -> (detection: Detection, remote: RemoteSection)
    /// The pickle verdicts of the remote object `path`, or of every file under the prefix.
    func scan(_ path: String) throws -> [ScanResult]
    /// The architecture check of the remote checkpoint `path`, and what reading it took.
    func check(_ path: String, _ choice: ArchitectureChecker.Choice) throws -> (result: CheckResult, remote: RemoteSection?)
    /// `checksum` of remote objects.
    func checksum(_ paths: [String], _ request: RemoteChecksumRequest) -> CommandResult
    /// `checksum LOCAL --against URL`.
    func against(local: String, remote: String, _ request: RemoteChecksumRequest) throws -> CommandResult
}

/// What `checksum` asks of remote objects.
package struct RemoteChecksumRequest {
    package let algorithms: [DigestAlgorithm]
    package let partSize: Int?
    package let json: Bool
    package let quiet: Bool
}

/// The remote backend of this process: set once by the executable before a command runs (nil in
/// `synap-tool`, which hands remote commands to the helper).
package enum Remote {
    nonisolated(unsafe) package static var factory: ((RemoteOptions) -> any RemoteBackend)?
    nonisolated(unsafe) private static var made: (any RemoteBackend)?

    /// True when `text` names a remote input rather than a local path.
    package static func isRemote(_ text: String) -> Bool { RemoteLocation.isRemote(text) }

    /// The backend for `options` (one per run: one set of connections and counters).
    package static func backend(_ options: RemoteOptions) throws -> any RemoteBackend {
        if let made { return made }
        guard let factory else { throw RemoteHelper.missing() }
        let new = factory(options)
        made = new
        return new
    }
}

/// A command that may read remote inputs: the ones it names.
package protocol ReadsRemoteInputs {
    var remoteInputs: [String] { get }
}

extension JSONValue {
    /// This object with the `remote` member added (unchanged when `remote` is nil).
    package func adding(_ remote: RemoteSection?) -> JSONValue {
        guard let remote, case .object(var members) = self else { return self }
        members.append(RemoteSection.key, remote.json)
        return .object(members)
    }
}
