/// Findings as a reader collects them, from its own typed codes: at most `cap` of one code are kept,
/// and one more finding says when more of that code were left out, so a hostile file cannot flood a
/// report. The severity of each finding is its code's.
///
/// A message and a location are made only when the finding is kept: past the cap, adding a finding
/// costs a count.
public struct CappedFindings<Code: FindingCode>: Sendable {
    /// How a code over its cap is told.
    public enum Overflow: Sendable, Equatable {
        /// One finding in place of the first one left out, without a location: `further CODE findings left out`.
        case marked
        /// One finding per code at the end of `all`, at `location`, counting them: `N more CODE findings not listed`.
        case counted(location: String?)
    }

    /// Findings kept per code.
    public let cap: Int
    /// How a code over its cap is told.
    public let overflow: Overflow
    /// The findings kept, in the order they were added.
    private var kept: [Finding] = []
    /// Findings added per code, kept or not, in the order codes were first seen: a short list searched
    /// in order is cheaper than hashing once per finding.
    private var counts: [(code: String, severity: Severity, count: Int)] = []

    /// An empty list keeping at most `cap` findings of each code.
    public init(cap: Int = 20, overflow: Overflow = .marked) {
        self.cap = cap
        self.overflow = overflow
    }

    /// The findings kept, and, when they are `.counted`, one finding per code over its cap (this
    /// reader's codes in their declared order, then merged ones as first seen).
    public var all: [Finding] {
        guard case .counted(let location) = overflow else { return kept }
        let over = counts.filter { $0.count > cap }
        let own = Code.allCases.map(\.rawValue)
        let ordered = own.compactMap { code in over.first { $0.code == code } } + over.filter { !own.contains($0.code) }
        return kept + ordered.map {
            Finding($0.severity, $0.code, "\($0.count - cap) more \($0.code) findings not listed", location: location)
        }
    }

    /// Adds a finding of `code`, or counts it when that code is at its cap.
    public mutating func add(_ code: Code, _ message: @autoclosure () -> String, location: @autoclosure () -> String?) {
        append(code.rawValue, code.severity, message(), location: location())
    }

    /// Adds a finding of `code` about byte `offset` of `file` (`file@0x…`).
    public mutating func add(_ code: Code, _ message: @autoclosure () -> String, in file: String, at offset: Int) {
        append(code.rawValue, code.severity, message(), location: Finding.location(file, offset))
    }

    /// Adds findings another reader made (a ZIP container's, an embedded model's), each under its
    /// own code and severity, capped as if they were added here.
    public mutating func merge(_ findings: [Finding]) {
        for finding in findings {
            append(finding.code, finding.severity, finding.message, location: finding.location)
        }
    }

    private mutating func append(_ code: String, _ severity: Severity, _ message: @autoclosure () -> String,
                                 location: @autoclosure () -> String?) {
        let n: Int
        if let index = counts.firstIndex(where: { $0.code == code }) {
            n = counts[index].count + 1
            counts[index].count = n
        } else {
            n = 1
            counts.append((code, severity, 1))
        }
        if n <= cap {
            kept.append(Finding(severity, code, message(), location: location()))
        } else if n == cap + 1, overflow == .marked {
            kept.append(Finding(severity, code, "further \(code) findings left out", location: nil))
        }
    }
}
