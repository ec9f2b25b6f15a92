import Checksums
import Dispatch
import SystemSeam

/// A progress line on stderr (bytes, throughput, ETA), redrawn ten times a second while a long
/// job runs, and only when stderr is a terminal.
package final class ProgressBar {
    private let timer: DispatchSourceTimer
    private let progress: ChecksumProgress

    /// Starts showing `progress`, or returns nil when stderr is not a terminal or `quiet`.
    package init?(_ progress: ChecksumProgress, quiet: Bool) {
        guard !quiet, isatty(2) == 1, progress.total > 0 else { return nil }
        self.progress = progress
        let started = DispatchTime.now().uptimeNanoseconds
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        timer.schedule(deadline: .now() + .milliseconds(200), repeating: .milliseconds(100))
        timer.setEventHandler { [progress] in
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            Self.draw(done: progress.completed, total: progress.total, seconds: seconds)
        }
        timer.resume()
    }

    /// Stops and clears the line.
    package func finish() {
        timer.cancel()
        Console.writeStderr("\r\u{1b}[2K")
    }

    private static func draw(done: Int, total: Int, seconds: Double) {
        let fraction = min(1, Double(done) / Double(max(total, 1)))
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let rate = seconds > 0 ? Double(done) / seconds : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let line = "\r\u{1b}[2K\(bar) \(HumanUnits.bytes(done)) / \(HumanUnits.bytes(total))  \(HumanUnits.bytes(Int(rate)))/s  ETA \(Int(eta.rounded()))s"
        Console.writeStderr(line)
    }
}
