import ArgumentParser

/// `synap-server`: the project upload API of seed 000, every upload judged while it streams in.
@main
struct SynapServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synap-server",
        abstract: "Serve POST /ml/projects/{id}/models/upload: every model file judged while it streams in, then stored and recorded.",
        subcommands: [Serve.self, Token.self],
        defaultSubcommand: Serve.self)
}
