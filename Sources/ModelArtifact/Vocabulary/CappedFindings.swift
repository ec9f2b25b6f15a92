/// Findings as a reader collects them: at most `cap` of one code are kept, and one closing finding
/// says when more of that code were left out, so a hostile file cannot flood a report.
public struct CappedFindings: Sendable {
    /// The findings kept, in the order they were added.
    public private(set) var all: [Finding] = []
    /// Findings kept per code.
    public let cap: Int
    private var counts: [String: Int] = [:]

    /// An empty list keeping at most `cap` findings of each code.
    public init(cap: Int = 20) {
        self.cap = cap
    }

    /// Adds a finding, or counts it when its code is already at the cap.
    public mutating func add(_ severity: Severity, _ code: String, _ message: String, location: String?) {
        let n = counts[code, default: 0] + 1
        counts[code] = n
        if n <= cap {
            all.append(Finding(severity, code, message, location: location))
        } else if n == cap + 1 {
            all.append(Finding(severity, code, "further \(code) findings left out", location: nil))
        }
    }
}
