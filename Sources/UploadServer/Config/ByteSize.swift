/// A size in bytes as people write it on a command line: `1048576`, `500MB` (powers of 1000),
/// `20GiB` (powers of 1024); the unit is case-insensitive and `B` alone means bytes.
public struct ByteSize: Sendable, Equatable, CustomStringConvertible {
    /// The size in bytes.
    public let bytes: Int64

    /// A size of `bytes` bytes.
    public init(bytes: Int64) { self.bytes = bytes }

    /// Parses `text`; nil when it is not a number with a known unit, or overflows.
    public init?(_ text: String) {
        let trimmed = text.trimmingPrefix(while: \.isWhitespace)
        let digits = trimmed.prefix(while: \.isASCII).prefix(while: \.isNumber)
        guard !digits.isEmpty, let count = Int64(digits) else { return nil }
        let unit = trimmed.dropFirst(digits.count).filter { !$0.isWhitespace }.lowercased()
        guard let factor = Self.units[unit] else { return nil }
        let (product, overflow) = count.multipliedReportingOverflow(by: factor)
        guard !overflow else { return nil }
        bytes = product
    }

    /// Every unit and its factor.
    static let units: [String: Int64] = {
        var units: [String: Int64] = ["": 1, "b": 1]
        for (index, prefix) in ["k", "m", "g", "t"].enumerated() {
            let power = index + 1
            units[prefix] = (0..<power).reduce(1) { n, _ in n * 1000 }
            units[prefix + "b"] = units[prefix]
            units[prefix + "ib"] = Int64(1) << (10 * power)
        }
        return units
    }()

    /// The size in the largest binary unit that divides it (`50GiB`), or in bytes.
    public var description: String {
        for (unit, shift) in [("TiB", 40), ("GiB", 30), ("MiB", 20), ("KiB", 10)] where bytes != 0 && bytes % (1 << shift) == 0 {
            return "\(bytes >> shift)\(unit)"
        }
        return "\(bytes)B"
    }
}

/// A length of time as a command line writes it: `90s`, `30m`, `1h`, `7d` (seconds when no unit).
public struct TimeSpan: Sendable, Equatable {
    /// The length in seconds.
    public let seconds: Int64

    /// A span of `seconds` seconds.
    public init(seconds: Int64) { self.seconds = seconds }

    /// Parses `text`; nil when it is not a positive number with a known unit.
    public init?(_ text: String) {
        let digits = text.prefix(while: \.isASCII).prefix(while: \.isNumber)
        guard let count = Int64(digits), count > 0 else { return nil }
        let factors: [String: Int64] = ["": 1, "s": 1, "m": 60, "h": 3600, "d": 86400]
        guard let factor = factors[String(text.dropFirst(digits.count)).lowercased()] else { return nil }
        let (product, overflow) = count.multipliedReportingOverflow(by: factor)
        guard !overflow else { return nil }
        seconds = product
    }
}
