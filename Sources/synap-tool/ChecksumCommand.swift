import ArgumentParser
import Checksums
import ModelArtifact

/// `synap-tool checksum PATH…`: digests of weight files, at the speed of the hardware.
struct Checksum: ResultCommand {
    static let configuration = CommandConfiguration(
        abstract: "Digest model files and checkpoints: SHA-256, MD5, S3 multipart ETags, per-tensor SHA-256.",
        discussion: """
            Files are read through memory maps a window at a time (never copied, memory bounded), \
            several files at once, the largest first. A folder is a checkpoint: every regular file \
            below it (names starting with '.' left out) is digested, and one SHA-256 over its sorted \
            manifest of relative paths names the whole checkpoint (printed on stderr, and in --json).

            With one algorithm the output is what sha256sum/md5sum print, so `sha256sum -c` verifies \
            it; with several, one tagged line per digest (`SHA256 (path) = …`, as `sha256sum --tag`). \
            ETags are S3's multipart ETags (MD5 of the parts' MD5s, `-N` parts) for the part size the \
            uploader uses (etag:PART, default 8MiB); a file smaller than one part has its plain MD5.
            """)

    @Argument(help: "Files or checkpoint folders.")
    var paths: [String] = []

    @Option(name: .long, parsing: .singleValue,
            help: ArgumentHelp("sha256 (default), md5, or etag[:PART] (PART like 8MiB, 16MB); repeat for several in one pass.",
                               valueName: "algorithm"))
    var algorithm: [String] = []

    @Flag(name: .long, help: "Also digest every tensor's bytes (files whose tensors synap-tool reads).")
    var perTensor = false

    @Flag(name: .long, help: "Print JSON (schema synap-tool.checksum/1).")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Verify the files a sha256sum/md5sum-format manifest lists.", valueName: "manifest"))
    var check: String?

    @Flag(name: .shortAndLong, help: "No progress line, even on a terminal.")
    var quiet = false

    @Option(name: .long, help: ArgumentHelp("Files hashed at once (default: the number of cores).", valueName: "n"))
    var jobs: Int?

    var algorithms: [DigestAlgorithm] {
        get throws {
            guard !algorithm.isEmpty else { return [.sha256] }
            return try algorithm.map { name in
                guard let parsed = DigestAlgorithm(argument: name) else {
                    throw ValidationError("unknown algorithm '\(name)': use sha256, md5, etag or etag:PART (PART from 5MiB to 5GiB)")
                }
                return parsed
            }
        }
    }

    func validate() throws {
        _ = try algorithms
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if check == nil && paths.isEmpty { throw ValidationError("give files or folders to digest, or --check MANIFEST") }
        if check != nil && !paths.isEmpty { throw ValidationError("--check takes its files from the manifest: give no paths") }
        if check != nil && perTensor { throw ValidationError("--check and --per-tensor exclude each other") }
    }

    func execute() throws -> CommandResult {
        let runner = ChecksumRunner(parallelFiles: jobs)
        if let check {
            return try ChecksumCheck(manifest: check, requested: algorithm.isEmpty ? nil : try algorithms.first,
                                     runner: runner, quiet: quiet, json: json).run()
        }
        let targets = ChecksumTargets(paths: paths, perTensor: perTensor)
        let algorithms = try algorithms
        let progress = ChecksumProgress(total: ChecksumRunner.sizes(of: targets.jobs).reduce(0, +))
        let bar = ProgressBar(progress, quiet: quiet || json)
        let results = runner.run(targets.jobs, algorithms: algorithms, progress: progress)
        bar?.finish()
        let output = ChecksumOutput(targets: targets, results: results, algorithms: algorithms)
        if json {
            Console.writeLine(JSONWriter.bytes(output.json))
        } else {
            output.printText()
        }
        for path in targets.withoutTensors {
            Console.error("\(TerminalText.clean(path)): no tensors read, so no per-tensor digests (safetensors and GGUF files have them)")
        }
        return CommandResult(unreadable: output.unreadable)
    }
}
