/// How much a finding matters. Ordered: `info < warning < error`.
public enum Severity: String, Sendable, Comparable, CaseIterable, Codable {
    case info, warning, error

    private var rank: Int {
        switch self {
        case .info: return 0
        case .warning: return 1
        case .error: return 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// Something a reader noticed that is worth telling: a rule bent, a risk, a mismatch.
///
/// `code` is stable (`PT001`, `ZIP004`, `PROBE001`): its meaning never changes, so CI jobs can
/// filter on it. Readers make findings from their typed codes (`FindingCode`, `init(_:_:location:)`),
/// which give the severity.
public struct Finding: Sendable, Equatable {
    /// How much it matters.
    public var severity: Severity
    /// The stable code.
    public var code: String
    /// One sentence a person understands.
    public var message: String
    /// Where: `file@0x1f`, `archive/data.pkl@0x1f`, or a tensor name.
    public var location: String?

    /// Creates a finding.
    public init(_ severity: Severity, _ code: String, _ message: String, location: String? = nil) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
    }

    /// The schema's JSON object.
    public var json: JSONValue {
        var o = JSONObject()
        o.append("severity", .string(severity.rawValue))
        o.append("code", .string(code))
        o.append("message", .string(message))
        if let location { o.append("location", .string(location)) }
        return .object(o)
    }
}

extension Finding {
    /// `file@0x…` for a location in a file.
    public static func location(_ file: String, _ offset: Int) -> String {
        "\(file)@0x\(String(offset, radix: 16))"
    }
}
