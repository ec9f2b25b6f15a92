/// One module's finding codes: an enum whose raw values are the stable codes (`ZIP004`), each case
/// with its severity, a one-line title and a longer help text.
///
/// Every code a module emits is a case of that module's one conforming enum, so a finding is made
/// from a typed code (`Finding(PTFindingCode.disallowedGlobal, …)`, `CappedFindings.add`) and its
/// severity comes from the code: a code has exactly one severity, and a mistyped code does not
/// compile. A code's meaning never changes. The titles and help texts make the findings reference
/// (`docs/findings.md`) and the SARIF rules.
public protocol FindingCode: RawRepresentable, CaseIterable, Hashable, Sendable where RawValue == String {
    /// The code's severity, title and help, written in one place.
    var meaning: FindingMeaning { get }
}

extension FindingCode {
    /// How much every finding of this code matters.
    public var severity: Severity { meaning.severity }
    /// What the code means, in a few words (a SARIF rule's short description, the reference's title).
    public var title: String { meaning.title }
    /// When it is reported, in a sentence or two (a SARIF rule's full description).
    public var help: String { meaning.help }
}

/// What a finding code means: its severity, a one-line title and a longer help text.
public struct FindingMeaning: Sendable, Equatable {
    /// How much every finding of the code matters.
    public let severity: Severity
    /// What the code means, in a few words, without a final stop.
    public let title: String
    /// When it is reported, in a sentence or two.
    public let help: String

    /// The meaning of a code.
    public init(_ severity: Severity, _ title: String, _ help: String) {
        self.severity = severity
        self.title = title
        self.help = help
    }
}

extension Finding {
    /// A finding of `code`, with that code's severity.
    public init<Code: FindingCode>(_ code: Code, _ message: String, location: String? = nil) {
        self.init(code.severity, code.rawValue, message, location: location)
    }
}
