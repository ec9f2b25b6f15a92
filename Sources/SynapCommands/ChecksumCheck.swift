import Checksums
import ModelArtifact

/// `checksum --check MANIFEST`: every file the manifest lists, digested again and compared, every
/// mismatch reported (as `sha256sum -c` does); exit 1 on a mismatch, 3 when a file cannot be read.
struct ChecksumCheck {
    let manifest: String
    /// The algorithm asked for, or nil to tell it from the digests' form (64 hex: SHA-256,
    /// 32 hex: MD5, `hex-N`: an 8 MiB-part ETag).
    let requested: DigestAlgorithm?
    let runner: ChecksumRunner
    let quiet: Bool
    let json: Bool

    /// Checks every file the manifest lists; mismatches are failed checks, unreadable files unreadable inputs.
    func run() throws -> CommandResult {
        let lines = try Manifest.parse(MappedFile(path: manifest))
        let jobs = lines.map { ChecksumJob(path: $0.path) }
        let algorithms = Array(Set(lines.map { algorithm(for: $0.digest).description })).sorted()
            .compactMap(DigestAlgorithm.init(argument:))
        let progress = ChecksumProgress(total: ChecksumRunner.sizes(of: jobs).reduce(0, +))
        let bar = ProgressBar(progress, quiet: quiet || json)
        let results = runner.run(jobs, algorithms: algorithms, progress: progress)
        bar?.finish()
        var mismatches = 0
        var unreadable = 0
        var items: [JSONValue] = []
        for (line, result) in zip(lines, results) {
            let status: String
            var detail: String?
            switch result {
            case .success(let digest):
                let actual = digest.value(of: algorithm(for: line.digest)) ?? ""
                status = actual == line.digest ? "OK" : "FAILED"
                if status == "FAILED" { mismatches += 1; detail = actual }
            case .failure(let error):
                status = "FAILED open or read"
                unreadable += 1
                detail = error.description
            }
            if json {
                var o = JSONObject()
                o.append("path", .string(line.path))
                o.append("expected", .string(line.digest))
                o.append("status", .string(status == "OK" ? "ok" : status == "FAILED" ? "mismatch" : "unreadable"))
                if status == "FAILED", let detail { o.append("actual", .string(detail)) }
                if status.hasPrefix("FAILED open"), let detail { o.append("error", .string(detail)) }
                items.append(.object(o))
            } else {
                print(ChecksumOutput.line(path: line.path) { "\($0): \(status)" })
                if status.hasPrefix("FAILED open"), let detail { Console.error(TerminalText.clean(detail, limit: TerminalText.messageLimit)) }
            }
        }
        if json {
            var root = JSONObject()
            root.append("schema", .string("synap-tool.checksum-check/1"))
            root.append("manifest", .string(manifest))
            root.append("files", .array(items))
            root.append("mismatches", .int(Int64(mismatches)))
            root.append("unreadable", .int(Int64(unreadable)))
            Console.writeLine(JSONWriter.bytes(.object(root)))
        } else {
            if mismatches > 0 { Console.error("WARNING: \(mismatches) computed checksum\(mismatches == 1 ? "" : "s") did NOT match") }
            if unreadable > 0 { Console.error("WARNING: \(unreadable) listed file\(unreadable == 1 ? "" : "s") could not be read") }
        }
        return CommandResult(unreadable: unreadable, failedChecks: mismatches)
    }

    private func algorithm(for digest: String) -> DigestAlgorithm {
        if let requested { return requested }
        if digest.contains("-") { return .etag(partSize: DigestAlgorithm.defaultPartSize) }
        return digest.count == 32 ? .md5 : .sha256
    }
}
