import ArgumentParser
import Checksums
import ModelArtifact

/// `synap-tool checksum PATH…`: digests of weight files, at the speed of the hardware.
struct Checksum: ResultCommand, ReadsRemoteInputs {
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

            s3://bucket/key (or s3://bucket/prefix/, every object under it) and https://… are \
            streamed once by parallel ranged reads and give the same digests; an object's stored \
            ETag and x-amz-checksum-sha256 are compared with the bytes read (a difference exits 1). \
            LOCAL --against s3://bucket/key compares a local file with what S3 keeps for the object \
            (size, multipart ETag with the part size inferred from its part count or --part-size, \
            SHA-256 checksum when it has one) without downloading it: exit 0 when they match, 1 when not.
            """)

    @Argument(help: "Files or checkpoint folders; s3://bucket/key, s3://bucket/prefix/ or https://… streamed.")
    var paths: [String] = []

    @Option(name: .long, help: ArgumentHelp("Compare the one local file given with this S3 object, without downloading it.",
                                            valueName: "s3-url"))
    var against: String?

    @Option(name: .long, help: ArgumentHelp("The part size the object was uploaded with (like 8MiB), for its multipart ETag; default: inferred from its part count and size.",
                                            valueName: "size"))
    var partSize: String?

    @OptionGroup var remote: RemoteOptions

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

    var parsedPartSize: Int? {
        get throws {
            guard let partSize else { return nil }
            guard let size = ByteSize.parse(partSize), DigestAlgorithm.partSizeRange.contains(size) else {
                throw ValidationError("--part-size '\(partSize)' is not a size from 5MiB to 5GiB")
            }
            return size
        }
    }

    func validate() throws {
        _ = try algorithms
        _ = try parsedPartSize
        let remotes = paths.filter(Remote.isRemote)
        if let against {
            guard Remote.isRemote(against) else { throw ValidationError("--against takes an s3:// or https:// object") }
            guard paths.count == 1, remotes.isEmpty else { throw ValidationError("--against compares one local file: give exactly one") }
        }
        if !remotes.isEmpty && remotes.count != paths.count {
            throw ValidationError("give local and remote paths in separate runs")
        }
        if !remotes.isEmpty && (perTensor || check != nil) {
            throw ValidationError("--per-tensor and --check read local files only")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if check == nil && paths.isEmpty { throw ValidationError("give files or folders to digest, or --check MANIFEST") }
        if check != nil && !paths.isEmpty { throw ValidationError("--check takes its files from the manifest: give no paths") }
        if check != nil && perTensor { throw ValidationError("--check and --per-tensor exclude each other") }
    }

    func execute() throws -> CommandResult {
        if let against {
            return try Remote.backend(remote).against(local: paths[0], remote: against, try remoteRequest())
        }
        if let first = paths.first, Remote.isRemote(first) {
            return try Remote.backend(remote).checksum(paths, try remoteRequest())
        }
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

    private func remoteRequest() throws -> RemoteChecksumRequest {
        RemoteChecksumRequest(algorithms: try algorithms, partSize: try parsedPartSize, json: json, quiet: quiet)
    }

    var remoteInputs: [String] { (paths + [against].compactMap { $0 }).filter(Remote.isRemote) }
}
