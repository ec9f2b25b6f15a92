import ArgumentParser
import Checksums
import Conversion

/// The options every `convert` subcommand shares: how its files are written and proven, and
/// whether it shows progress.
struct ConvertWriteOptions: ParsableArguments {
    @Flag(name: .long, help: "fsync each output before renaming it into place (survives a power loss, not only a crash).")
    var fsync = false

    @Flag(name: .long, help: "Prove the result byte for byte: read every tensor back and compare it with the source.")
    var verify = false

    @Flag(name: .shortAndLong, help: "No progress line, even on a terminal.")
    var quiet = false

    /// What the result's proof checked, as the closing note says it.
    var proof: String { verify ? "every byte read back and equal" : "every entry re-read and in place" }

    /// Runs `write` with the `WriteOptions` these flags make, showing a progress line over the
    /// bytes of `input` (a file or folder; none when empty) on a terminal; the line is cleared
    /// before this returns.
    func writing<T>(from input: String, _ write: (WriteOptions) throws -> T) rethrows -> T {
        let meter = ChecksumProgress(total: Convert.inputSize(input))
        let bar = ProgressBar(meter, quiet: quiet)
        defer { bar?.finish() }
        return try write(WriteOptions(fsync: fsync, verify: verify, progress: { meter.add($0) }))
    }

    /// Prints each file written as `sha256sum` prints it (stdout), then `note` (stderr).
    func report(_ files: [ConversionResult], _ note: String) {
        for file in files { print(ChecksumOutput.digestLine(file.sha256, file.path)) }
        Console.note(note)
    }
}

/// The model a conversion reads and where its result goes: `INPUT OUTPUT` or `INPUT -o OUTPUT`.
struct ConvertPaths: ParsableArguments {
    @Argument(help: ArgumentHelp("The model to convert.", valueName: "input"))
    var input: String

    @Argument(help: ArgumentHelp("Where the result goes (or give it with -o).", valueName: "output"))
    var outputArgument: String?

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Where the result goes.", valueName: "output"))
    var outputOption: String?

    func validate() throws {
        if (outputArgument == nil) == (outputOption == nil) {
            throw ValidationError("give the output once: as the second path or with -o")
        }
    }

    /// The output path given.
    var output: String { outputOption ?? outputArgument ?? "" }
}
