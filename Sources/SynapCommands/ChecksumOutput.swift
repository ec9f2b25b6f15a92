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
            guard case .success(let digest) = results[job], let sha = digest.sha256 ?? digest.value(of: algorithms[0]) else { return nil }
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
                if algorithms.count == 1, let value = digest.value(of: algorithms[0]) {
                    print(Self.digestLine(value, digest.path))
                } else {
                    for algorithm in algorithms {
                        print(Self.line(path: digest.path) { "\(Self.tag(algorithm)) (\($0)) = \(digest.value(of: algorithm) ?? "?")" })
                    }
                }
                for item in digest.ranges ?? [] {
                    print("  \(item.sha256)  \(TerminalText.clean(item.name))  [\(item.range.lowerBound)..<\(item.range.upperBound)]")
                }
            }
        }
        for checkpoint in targets.checkpoints {
            if let digest = checkpointDigest(checkpoint) {
                Console.note("checkpoint \(TerminalText.clean(checkpoint.path)): \(digest) (\(Self.hashName(algorithms)) over the sorted manifest of \(checkpoint.members.count) files)")
            }
        }
    }

    var json: JSONValue {
        var root = JSONObject()
        root.append("schema", .string("synap-tool.checksum/1"))
        root.append("algorithms", .array(algorithms.map { .string($0.description) }))
        var files: [JSONValue] = []
        var errors: [JSONValue] = targets.failures.map(Self.errorJSON)
        for result in results {
            switch result {
            case .success(let digest): files.append(digest.json)
            case .failure(let error): errors.append(Self.errorJSON(error))
            }
        }
        root.append("files", .array(files))
        if !targets.checkpoints.isEmpty {
            root.append("checkpoints", .array(targets.checkpoints.map { checkpoint in
                var o = JSONObject()
                o.append("path", .string(checkpoint.path))
                o.append("files", .int(Int64(checkpoint.members.count)))
                o.append("manifest_digest", checkpointDigest(checkpoint).map { .string($0) } ?? .null)
                o.append("manifest_algorithm", .string(Self.hashName(algorithms)))
                return .object(o)
            }))
        }
        root.append("errors", .array(errors))
        return .object(root)
    }

    /// A line naming `path` as GNU coreutils writes it (`sha256sum`, `--tag`, `-c`): the name with
    /// `\\`, `\n` and `\r` escaped and the line starting with `\` when it needed that
    /// (`Manifest.escaped`), so that `sha256sum -c` and `checksum --check` read it back. `text`
    /// makes the line from the name as written. On a terminal, the controls coreutils leaves (ESC…)
    /// are shown escaped too (`TerminalText`); into a file or a pipe the line is left as coreutils
    /// would write it.
    package static func line(path: String, _ text: (String) -> String) -> String {
        let escaped = Manifest.escaped(path)
        let line = (escaped == nil ? "" : "\\") + text(escaped ?? path)
        return Console.isTerminal ? TerminalText.clean(line, limit: Int.max) : line
    }

    /// `digest  path` as `sha256sum` writes it (`line(path:_:)`).
    package static func digestLine(_ digest: String, _ path: String) -> String {
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
    package static func hashName(_ algorithms: [DigestAlgorithm]) -> String {
        algorithms.contains(.sha256) ? "sha256" : algorithms[0].description
    }

    package static func tag(_ algorithm: DigestAlgorithm) -> String {
        switch algorithm {
        case .sha256: return "SHA256"
        case .md5: return "MD5"
        case .etag: return "ETAG"
        }
    }
}
