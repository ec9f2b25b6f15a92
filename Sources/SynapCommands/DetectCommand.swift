import ArgumentParser
import FormatProbe
import ModelArtifact
import ModelInspector

/// `synap-tool detect PATH…`: what each file, folder or stream is.
struct Detect: ResultCommand, ReadsRemoteInputs {
    static let configuration = CommandConfiguration(
        abstract: "Tell what each file, folder or stream is, how sure, and why.",
        discussion: """
            Detection reads no more than it must: magic numbers, ZIP entry names, the first pickle \
            instructions, the first protobuf fields. `-` reads an upload stream from standard input \
            and looks at its first 64 KiB, saying when more bytes are needed to be sure.
            """)

    @Argument(help: "Files or folders to examine; `-` for standard input; s3://bucket/key, s3://bucket/prefix/ or https://… read remotely.")
    var paths: [String]

    @OptionGroup var output: OutputOptions
    @OptionGroup var remote: RemoteOptions

    var remoteInputs: [String] { paths.filter(Remote.isRemote) }

    func execute() throws -> CommandResult {
        var outcome = CommandResult(failOn: output.failOn)
        var results: [JSONValue] = []
        for path in paths {
            let detection: Detection
            var fetched: RemoteSection?
            do {
                if Remote.isRemote(path) {
                    let found = try Remote.backend(remote).detect(path)
                    (detection, fetched) = (found.detection, found.remote)
                } else {
                    detection = try detect(path)
                }
            } catch let failure as ArtifactError {
                Console.error(failure)
                outcome.unreadable += 1
                continue
            }
            outcome.meet(detection.findings.map(\.severity).max())
            if output.json {
                results.append(detection.json(path: path).adding(fetched))
            } else {
                print(DetectView.line(path: path, detection: detection))
            }
        }
        if output.json {
            Console.writeLine(JSONWriter.bytes(paths.count == 1 && results.count == 1 ? results[0] : .array(results)))
        }
        return outcome
    }

    private func detect(_ path: String) throws -> Detection {
        guard path == "-" else { return SyNAPView.namingDelegates(try FormatProbe.detect(path: path), path: path) }
        let input = Console.readStdin(limit: FormatProbe.streamPrefixLength)
        return FormatProbe.detect(prefix: input.bytes, totalSize: input.complete ? input.bytes.count : nil)
    }
}

/// The human view of a detection.
enum DetectView {
    static func line(path: String, detection: Detection) -> String {
        let reason = TerminalText.clean(detection.reason, limit: TerminalText.messageLimit)
        var text = "\(Console.bold(TerminalText.clean(path))): \(detection.format.rawValue) (\(detection.confidence.rawValue)) — \(reason)"
        if detection.needsMoreBytes { text += Console.dim(" [more bytes needed to be sure]") }
        for finding in detection.findings.map(TerminalText.finding) {
            text += "\n  " + Console.severity("\(finding.severity.rawValue) \(finding.code)", finding.severity.rawValue)
                + ": \(finding.message)"
        }
        return text
    }
}
