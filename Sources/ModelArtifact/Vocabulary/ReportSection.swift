/// One format's part of a report, under its own key (`"onnx"`, `"pickle"`, `"synap"`…): the typed
/// value a reader hands to its consumers (the façade, the architecture checker, conversion, the
/// CLI's views), which read its members, never its JSON.
///
/// Each section's `json` is the one place its JSON is written; `ModelReport.json` places it, under
/// `key`, among the report's members.
public protocol ReportSection: StringMapping, Sendable {
    /// The report member the section is written under.
    static var key: String { get }
    /// The section as the schema's JSON value.
    var json: JSONValue { get }
}
