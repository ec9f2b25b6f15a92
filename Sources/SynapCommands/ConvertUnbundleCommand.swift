import ArgumentParser
import Conversion

/// `synap-tool convert unbundle MODEL.synap FOLDER`: a SyNAP bundle's files, extracted.
struct ConvertUnbundle: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unbundle",
        abstract: "Extract the files of a .synap bundle into a new or empty folder.",
        discussion: """
            Every entry name is checked before anything is written (no absolute path, .., \
            backslash, control character, symlink or repeat), and every CRC-32 as the entry is \
            written. Extraction is atomic: into a hidden folder beside OUTPUT, renamed into place \
            when complete, so a refused bundle leaves nothing behind.
            """)

    @OptionGroup var paths: ConvertPaths
    @OptionGroup var writing: ConvertWriteOptions

    func run() throws {
        try Self.unbundle(paths.input, into: paths.output, writing)
    }

    /// The extraction (also what the deprecated `convert INPUT --unbundle FOLDER` runs).
    static func unbundle(_ input: String, into folder: String, _ writing: ConvertWriteOptions) throws {
        let files = try writing.writing(from: input) { try SyNAPBundles.unbundle(input, into: folder, options: $0) }
        writing.report(files, "\(files.count) files extracted; every CRC checked")
    }
}
