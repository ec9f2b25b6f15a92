import ArgumentParser
import UploadServer

/// `synap-server token`: prints a bearer token for projects, signed with the server's secret.
struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a signed bearer token (JWT) for the given projects.",
        discussion: "The token is signed with the secret `serve` uses: the one in the data folder, or --jwt-secret-file.")

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("The project ids the token may use.", valueName: "n"))
    var project: [Int64]

    @Option(name: .long, help: ArgumentHelp("How long the token is valid: 90s, 30m, 1h, 7d.", valueName: "ttl"))
    var ttl: String = "1h"

    @OptionGroup var keys: KeyOptions

    func validate() throws {
        guard !project.isEmpty else { throw ValidationError("name at least one --project") }
        guard project.allSatisfy({ $0 >= 0 }) else { throw ValidationError("project ids are 0 or more") }
        guard TimeSpan(ttl) != nil else { throw ValidationError("--ttl must be like 90s, 30m, 1h or 7d, not '\(ttl)'") }
    }

    func run() async throws {
        let source: TokenKeySource = keys.secretFile(.process).map { .secretFile($0) } ?? .generatedSecret
        let tokenKeys = try await TokenKeys.load(source, dataFolder: keys.dataFolder(.process), create: false)
        StandardOutput.line(try await tokenKeys.sign(projects: project, lifetime: TimeSpan(ttl)!))
    }
}
