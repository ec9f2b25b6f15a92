import ArgumentParser

/// `synap-tool record acusight|cerebras`: validate, then print the JSON an upload API takes or stores.
struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a model, then print the record an upload API accepts or stores.",
        discussion: """
            Each subcommand checks the input first (exit 1 with the findings on stderr when it would \
            be refused) and checks its fields against the API's patterns (exit 2 with the API's own \
            message), then prints the JSON on stdout.
            """,
        subcommands: [RecordAcusight.self, RecordCerebras.self])
}
