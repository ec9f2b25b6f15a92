import ArgumentParser
import UploadServer

/// `--data DIR` and the token key options, shared by `serve` and `token`.
struct KeyOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The data folder: database, artifacts, generated secret (env SYNAP_DATA; default \(ServerConfiguration.defaultDataFolder)).", valueName: "dir"))
    var data: String?

    @Option(name: .long, help: ArgumentHelp("A file holding the HS256 secret (env SYNAP_JWT_SECRET_FILE).", valueName: "file"))
    var jwtSecretFile: String?

    /// The data folder, from the flag, the environment, or the default.
    func dataFolder(_ environment: OptionEnvironment) -> String {
        data ?? environment.value("SYNAP_DATA") ?? ServerConfiguration.defaultDataFolder
    }

    /// The secret file, from the flag or the environment.
    func secretFile(_ environment: OptionEnvironment) -> String? { jwtSecretFile ?? environment.value("SYNAP_JWT_SECRET_FILE") }
}
