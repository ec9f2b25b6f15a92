import ModelArtifact

/// Warns when a file's extension promises one format and its content is another (`ProbeFindingCode`).
enum ExtensionCheck {
    /// Every extension some model format uses.
    static let modelExtensions: Set<String> = Set(ModelFormat.allCases.flatMap(\.usualExtensions))

    static func findings(name: String, detection: Detection) -> [Finding] {
        guard let ext = fileExtension(name), modelExtensions.contains(ext) else { return [] }
        if detection.format == .unknown {
            guard !detection.needsMoreBytes else { return [] }
            return [Finding(ProbeFindingCode.unknownContent,
                            "the extension .\(ext) names a model format, but the content is none that synap-tool knows",
                            location: name)]
        }
        guard !detection.format.usualExtensions.contains(ext) else { return [] }
        let expected = ModelFormat.allCases.filter { $0.usualExtensions.contains(ext) }.map(\.rawValue)
        return [Finding(ProbeFindingCode.extensionMismatch,
                        "the extension .\(ext) suggests \(expected.joined(separator: " or ")), but the content is \(detection.format.rawValue)",
                        location: name)]
    }

    static func fileExtension(_ name: String) -> String? {
        let base = name.split(separator: "/").last.map(String.init) ?? name
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return nil }
        return String(base[base.index(after: dot)...]).lowercased()
    }
}
