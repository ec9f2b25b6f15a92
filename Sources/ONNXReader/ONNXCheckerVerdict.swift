import ModelArtifact

/// The report's `checker` member: what onnx's `checker.check_model` would say of the model.
public struct ONNXCheckerVerdict: ReportSection, Equatable {
    public static let key = "checker"

    /// `ok`, or the checker's message for the first rule broken (which may run over several lines).
    public var text: String

    /// A verdict saying `text`.
    public init(text: String) {
        self.text = text
    }

    /// True when no rule is broken.
    public var isOK: Bool { text == "ok" }

    public var json: JSONValue { .string(text) }

    public func mapStrings(_ transform: (String) -> String) -> ONNXCheckerVerdict {
        ONNXCheckerVerdict(text: transform(text))
    }
}
