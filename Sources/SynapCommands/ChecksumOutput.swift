import Checksums
import ModelArtifact

/// What `checksum` prints: sha256sum-style lines (or tagged lines), checkpoint digests, errors.
package struct ChecksumOutput {
    let targets: ChecksumTargets
    let results: [Result<FileDigest, ArtifactError>]
    let algorithms: [DigestAlgorithm]

    /// Inputs that could not be listed or read.
    var unreadable: Int {
        targets.failures.count + results.filter { if case .failure = $0 { return true } else { return false } }.count
    }

    /// Each checkpoint's digest over its manifest, or nil when one of its files failed.
    func checkpointDigest(_ checkpoint: ChecksumTargets.Checkpoint) -> String? {
        var lines: [Manifest.Line] = []
        for (job, relative) in checkpoint.members {
            guard case .success(let digest) = results[job], let sha = Self.manifestDigest(digest, algorithms) else { return nil }
            lines.append(Manifest.Line(digest: sha, path: relative))
        }
        return Manifest.checkpointDigest(lines)
    }

    func printText() {
        for error in targets.failures { Console.error(error) }
        for result in results {
            switch result {
            case .failure(let error):
                Console.error(error)
            case .success(let digest):
                for line in Self.digestLines(digest, algorithms) { print(line) }
                for item in digest.ranges ?? [] {
                    print("  \(item.sha256)  \(TerminalText.clean(item.name))  [\(item.range.lowerBound)..<\(item.range.upperBound)]")
                }
            }
        }
        for checkpoint in targets.checkpoints {
            if let digest = checkpointDigest(checkpoint) {
                Console.note(Self.checkpointNote(checkpoint.path, digest: digest, files: checkpoint.members.count, algorithms))
            }
        }
    }

    var json: JSONValue {
        var files: [JSONValue] = []
        var errors: [JSONValue] = targets.failures.map(Self.errorJSON)
        for result in results {
            switch result {
            case .success(let digest): files.append(digest.json)
            case .failure(let error): errors.append(Self.errorJSON(error))
            }
        }
        let checkpoints = targets.checkpoints.map { checkpoint in
            Self.checkpointJSON(checkpoint.path, digest: checkpointDigest(checkpoint), files: checkpoint.members.count, algorithms)
        }
        return Self.document(algorithms, files: files, checkpoints: checkpoints, errors: errors)
    }

    /// The `synap-tool.checksum/1` document (`checkpoints` left out when there are none).
    package static func document(_ algorithms: [DigestAlgorithm], files: [JSONValue], checkpoints: [JSONValue],
                                 errors: [JSONValue]) -> JSONValue {
        var root = JSONObject()
        root.append("schema", .string("synap-tool.checksum/1"))
        root.append("algorithms", .array(algorithms.map { .string($0.description) }))
        root.append("files", .array(files))
        if !checkpoints.isEmpty { root.append("checkpoints", .array(checkpoints)) }
        root.append("errors", .array(errors))
        return .object(root)
    }

    /// A checkpoint's member of `checkpoints`.
    package static func checkpointJSON(_ path: String, digest: String?, files: Int, _ algorithms: [DigestAlgorithm]) -> JSONValue {
        var o = JSONObject()
        o.append("path", .string(path))
        o.append("files", .int(Int64(files)))
        o.append("manifest_digest", digest.map { .string($0) } ?? .null)
        o.append("manifest_algorithm", .string(hashName(algorithms)))
        return .object(o)
    }

    /// The line on stderr that names a checkpoint's digest.
    package static func checkpointNote(_ path: String, digest: String, files: Int, _ algorithms: [DigestAlgorithm]) -> String {
        "checkpoint \(TerminalText.clean(path)): \(digest) (\(hashName(algorithms)) over the sorted manifest of \(files) files)"
    }

    /// The digest a file's manifest line carries: its SHA-256 when computed, else the first algorithm's.
    package static func manifestDigest(_ digest: FileDigest, _ algorithms: [DigestAlgorithm]) -> String? {
        digest.sha256 ?? digest.value(of: algorithms[0])
    }

    /// A file's lines: `digest  path` with one algorithm (as sha256sum), else one tagged line each.
    package static func digestLines(_ digest: FileDigest, _ algorithms: [DigestAlgorithm]) -> [String] {
        if algorithms.count == 1, let value = digest.value(of: algorithms[0]) { return [digestLine(value, digest.path)] }
        return algorithms.map { algorithm in
            line(path: digest.path) { "\(tag(algorithm)) (\($0)) = \(digest.value(of: algorithm) ?? "?")" }
        }
    }

    /// A line naming `path` as GNU coreutils writes it (`sha256sum`, `--tag`, `-c`): the name with
    /// `\\`, `\n` and `\r` escaped and the line starting with `\` when it needed that
    /// (`Manifest.escaped`), so that `sha256sum -c` and `checksum --check` read it back. `text`
    /// makes the line from the name as written. On a terminal, the controls coreutils leaves (ESC…)
    /// are shown escaped too (`TerminalText`); into a file or a pipe the line is left as coreutils
    /// would write it.
    static func line(path: String, _ text: (String) -> String) -> String {
        let escaped = Manifest.escaped(path)
        let line = (escaped == nil ? "" : "\\") + text(escaped ?? path)
        return Console.isTerminal ? TerminalText.clean(line, limit: Int.max) : line
    }

    /// `digest  path` as `sha256sum` writes it (`line(path:_:)`).
    static func digestLine(_ digest: String, _ path: String) -> String {
        line(path: path) { "\(digest)  \($0)" }
    }

    package static func errorJSON(_ error: ArtifactError) -> JSONValue {
        var o = JSONObject()
        o.append("path", .string(error.file))
        if let offset = error.offset { o.append("offset", .int(Int64(offset))) }
        o.append("rule", .string(error.rule))
        o.append("message", .string(error.description))
        return .object(o)
    }

    /// The digest the manifest lines carry: SHA-256 when computed, else the first algorithm's.
    static func hashName(_ algorithms: [DigestAlgorithm]) -> String {
        algorithms.contains(.sha256) ? "sha256" : algorithms[0].description
    }

    static func tag(_ algorithm: DigestAlgorithm) -> String {
        switch algorithm {
        case .sha256: return "SHA256"
        case .md5: return "MD5"
        case .etag: return "ETAG"
        }
    }
}
