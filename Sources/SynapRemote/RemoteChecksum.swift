import Checksums
import ModelArtifact
import RemoteArtifact
import SynapCommands
import SystemSeam

/// `checksum` of remote objects (streamed once, by parallel ranged reads), each compared with the
/// digests S3 keeps for it; and `checksum LOCAL --against s3://…`, which compares a local file with
/// what S3 keeps without downloading anything.
struct RemoteChecksum {
    let inputs: RemoteInputs
    let algorithms: [DigestAlgorithm]
    /// The part size of multipart uploads, when given (else inferred from each object).
    let partSize: Int?
    let json: Bool
    let quiet: Bool

    /// One object's outcome.
    private struct Outcome {
        var digest: FileDigest
        var checks: [StoredDigestCheck]
        var remote: RemoteSection
    }

    /// Digests every object `paths` name (a prefix: every object under it, and the checkpoint's
    /// manifest digest).
    func run(_ paths: [String]) -> CommandResult {
        var outcome = CommandResult.done
        var files: [JSONValue] = []
        var errors: [JSONValue] = []
        var checkpoints: [JSONValue] = []
        for path in paths {
            let listed: (folder: String?, objects: [(name: String, object: RemoteObject)])
            do { listed = try inputs.objects(path) } catch let failure as ArtifactError {
                report(failure, into: &errors, outcome: &outcome)
                continue
            } catch { continue }
            var manifest: [Manifest.Line] = []
            var complete = true
            for (name, object) in listed.objects {
                do {
                    let result = try digest(object)
                    outcome.failedChecks += result.checks.filter { !$0.matches }.count
                    files.append(result.digest.json.adding(result.remote).adding(stored: result.checks))
                    if !json { show(result) }
                    if let sha = ChecksumOutput.manifestDigest(result.digest, algorithms) {
                        manifest.append(Manifest.Line(digest: sha, path: name))
                    }
                } catch let failure as ArtifactError {
                    report(failure, into: &errors, outcome: &outcome)
                    complete = false
                } catch {}
            }
            if let folder = listed.folder {
                let digest = complete ? Manifest.checkpointDigest(manifest) : nil
                if !json, let digest {
                    Console.note(ChecksumOutput.checkpointNote(folder, digest: digest, files: manifest.count, algorithms))
                }
                checkpoints.append(ChecksumOutput.checkpointJSON(folder, digest: digest, files: listed.objects.count, algorithms))
            }
        }
        if json {
            Console.writeLine(JSONWriter.bytes(ChecksumOutput.document(algorithms, files: files, checkpoints: checkpoints, errors: errors)))
        }
        return outcome
    }

    /// Compares the local file `local` with the object `remote` names: its size, then the digests
    /// S3 keeps for it, computed over the local bytes (part size inferred or given). Nothing is
    /// downloaded. A difference is a failed check (exit 1).
    func against(local: String, remote: String) throws -> CommandResult {
        guard case let (nil, found) = try inputs.objects(remote), let (_, object) = found.first else {
            throw ArtifactError(file: remote, offset: nil, rule: "not-an-object", expected: "one object to compare with",
                                found: "a prefix")
        }
        let stored = StoredDigests(object)
        let (needed, ranges) = stored.plan(partSize: partSize)
        let status = FileStatus(path: local)
        guard status.kind == .regular else {
            throw ArtifactError(file: local, offset: nil, rule: "not-a-regular-file", expected: "a regular file",
                                found: status.kind == .missing ? status.errorText : MappedFile.describeKind(status.type))
        }
        let file = status.size
        var checks: [StoredDigestCheck] = []
        var digest = FileDigest(path: local, size: file)
        if Int64(file) != object.size {
            checks.append(StoredDigestCheck(name: "size", stored: "\(object.size)", computed: "\(file)", detail: ""))
        } else {
            let all = algorithms + needed.filter { !algorithms.contains($0) }
            digest = try FileDigester().digest(path: local, algorithms: all, ranges: ranges)
            checks = stored.compare(digest, partSize: partSize)
        }
        if json {
            let value = digest.json.adding(stored: checks).adding(against: remote)
            Console.writeLine(JSONWriter.bytes(ChecksumOutput.document(algorithms, files: [value], checkpoints: [], errors: [])))
        } else {
            for check in checks { Swift.print(Self.line(check, local: local, remote: remote)) }
        }
        var result = CommandResult.done
        result.failedChecks = checks.filter { !$0.matches }.count
        return result
    }

    private func digest(_ object: RemoteObject) throws -> Outcome {
        let stored = StoredDigests(object)
        let (needed, ranges) = stored.plan(partSize: partSize)
        let all = algorithms + needed.filter { !algorithms.contains($0) }
        let before = inputs.totals
        let progress = ChecksumProgress(total: Int(object.size))
        let bar = ProgressBar(progress, quiet: quiet || json)
        let digest = try inputs.digest(object, algorithms: all, ranges: ranges, progress: progress)
        bar?.finish()
        let after = inputs.totals
        var shown = digest
        shown.ranges = nil
        if !algorithms.contains(.md5) { shown.md5 = nil }
        if !algorithms.contains(where: { if case .etag = $0 { return true } else { return false } }) {
            (shown.etag, shown.partSize, shown.partMD5s) = (nil, nil, nil)
        }
        if !algorithms.contains(.sha256) { shown.sha256 = nil }
        return Outcome(digest: shown, checks: stored.compare(digest, partSize: partSize),
                       remote: RemoteSection(requests: after.requests - before.requests, bytesFetched: after.bytes - before.bytes))
    }

    private func show(_ outcome: Outcome) {
        let digest = outcome.digest
        for line in ChecksumOutput.digestLines(digest, algorithms) { Swift.print(line) }
        for check in outcome.checks {
            let name = TerminalText.clean(digest.path)
            if check.matches {
                Console.note("\(name): \(check.name) matches what S3 keeps\(check.detail)")
            } else {
                Console.error("\(name): \(check.name) differs: S3 keeps \(TerminalText.clean(check.stored)), the bytes read give \(check.computed)\(check.detail)")
            }
        }
    }

    /// One line of `--against`: what was compared, and how it came out.
    static func line(_ check: StoredDigestCheck, local: String, remote: String) -> String {
        let verdict = check.matches ? "match" : "DIFFER"
        return "\(check.name): \(verdict): \(TerminalText.clean(remote)) \(TerminalText.clean(check.stored)), \(TerminalText.clean(local)) \(check.computed)\(check.detail)"
    }

    private func report(_ failure: ArtifactError, into errors: inout [JSONValue], outcome: inout CommandResult) {
        outcome.unreadable += 1
        errors.append(ChecksumOutput.errorJSON(failure))
        if !json { Console.error(failure) }
    }
}

extension JSONValue {
    /// This object with the `stored` comparisons added (none: unchanged).
    func adding(stored checks: [StoredDigestCheck]) -> JSONValue {
        guard !checks.isEmpty, case .object(var members) = self else { return self }
        members.append("stored", .array(checks.map(\.json)))
        return .object(members)
    }

    /// This object with `against` added.
    func adding(against remote: String) -> JSONValue {
        guard case .object(var members) = self else { return self }
        members.append("against", .string(remote))
        return .object(members)
    }
}
