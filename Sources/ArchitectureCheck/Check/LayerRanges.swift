/// Layer numbers written compactly for messages: `layer 5`, `layers 0–35`, `layers 0–3, 7, 9–12`.
enum LayerRanges {
    /// Most ranges written out before the rest is summarised.
    static let maxRanges = 6

    /// The layers as text (sorted, duplicates ignored).
    static func describe(_ layers: some Sequence<Int>) -> String {
        let sorted = Array(Set(layers)).sorted()
        guard let first = sorted.first else { return "no layers" }
        if sorted.count == 1 { return "layer \(first)" }
        var ranges: [ClosedRange<Int>] = []
        for layer in sorted {
            if let last = ranges.last, last.upperBound + 1 == layer {
                ranges[ranges.count - 1] = last.lowerBound...layer
            } else {
                ranges.append(layer...layer)
            }
        }
        let text = ranges.prefix(maxRanges).map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)–\($0.upperBound)" }
        let more = ranges.count > maxRanges ? ", … (\(sorted.count) layers)" : ""
        return "layers " + text.joined(separator: ", ") + more
    }

    /// The layer index of a tensor name and its name with the index replaced by `{layer}`: the first
    /// dotted component that is a number (`model.layers.3.mlp.x` → 3, `model.layers.{layer}.mlp.x`).
    static func split(_ name: String) -> (layer: Int, pattern: String)? {
        let bytes = name.utf8
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: ".")) ?? bytes.endIndex
            let component = bytes[start..<end]
            if !component.isEmpty, component.count <= 6, component.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                let layer = component.reduce(0) { $0 * 10 + Int($1 - 0x30) }
                return (layer, String(name[..<start]) + TensorRule.layerPlaceholder + String(name[end...]))
            }
            guard end < bytes.endIndex else { break }
            start = bytes.index(after: end)
        }
        return nil
    }
}
