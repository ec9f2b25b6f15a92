import ModelArtifact

/// Tells the ZIP-based formats apart by their entry names: SyNAP bundles, torch.save, TorchScript,
/// pt2 archives, NumPy `.npz`, and plain ZIPs.
enum ZipClassifier {
    /// The detection for an archive whose entry names are `names` (in archive order); `complete`
    /// says whether the list is the whole archive's or only what a prefix showed.
    static func classify(_ names: [String], complete: Bool, source: String) -> Detection {
        let shown = names.prefix(3).joined(separator: ", ") + (names.count > 3 ? " …" : "")
        let described = names.isEmpty ? "ZIP with no entries" : "ZIP whose entries are \(shown)"
        let sure: Confidence = complete ? .certain : .high
        let set = Set(names)
        if set.contains("bundle.json") {
            return Detection(.synap, sure, "\(described): bundle.json makes it a SyNAP bundle (\(source))")
        }
        let folder = names.first.flatMap { name -> String? in
            let parts = name.split(separator: "/", maxSplits: 1)
            return parts.count > 1 ? String(parts[0]) : nil
        }
        if let folder {
            let inFolder = { (suffix: String) in set.contains("\(folder)/\(suffix)") }
            for marker in ["archive_format", "serialized_exported_program.json"] where inFolder(marker) {
                return Detection(.pt2, sure, "\(described): \(folder)/\(marker) marks a torch.export pt2 archive (\(source))")
            }
            let hasCode = names.contains { $0.hasPrefix("\(folder)/code/") }
            if hasCode || inFolder("constants.pkl") {
                return Detection(.torchscript, sure,
                                 "\(described): \(folder)/\(hasCode ? "code/" : "constants.pkl") marks a TorchScript archive (\(source))")
            }
            if inFolder("data.pkl") {
                return Detection(.pt, sure, "\(described): \(folder)/data.pkl marks a torch.save archive (\(source))")
            }
        }
        if !names.isEmpty, names.allSatisfy({ $0.hasSuffix(".npy") }) {
            return Detection(.npz, sure, "\(described): every entry is .npy, a NumPy .npz archive (\(source))")
        }
        if !complete, let member = names.first(where: isSyNAPSubgraphMember) {
            return Detection(.synap, .high, "\(described): \(member) is laid out as a SyNAP bundle's subgraph; bundle.json not seen yet (\(source))",
                             needsMoreBytes: true)
        }
        if !complete {
            return Detection(.zip, .low, "\(described): no model entry among those seen yet (\(source))", needsMoreBytes: true)
        }
        return Detection(.zip, .certain, "\(described): none of the ZIP-based model layouts (\(source))")
    }

    /// `N/model.nb`, `N/model.json`, `N/subgraph_K.{tflite,onnx,vmfb,json}`: the SyNAP toolkit's member names.
    static func isSyNAPSubgraphMember(_ name: String) -> Bool {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy(\.isASCIIDigitCharacter) else { return false }
        let file = parts[1]
        if file == "model.nb" || file == "model.json" { return true }
        guard file.hasPrefix("subgraph_"), let dot = file.lastIndex(of: ".") else { return false }
        let index = file[file.index(file.startIndex, offsetBy: 9)..<dot]
        let ext = file[file.index(after: dot)...]
        return !index.isEmpty && index.allSatisfy(\.isASCIIDigitCharacter) && ["tflite", "onnx", "vmfb", "json"].contains(ext)
    }
}

extension Character {
    /// True for the ASCII digits 0–9.
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
