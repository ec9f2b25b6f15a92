import ModelArtifact

/// The report's `gguf` section: the tensor data's alignment and offset, and the metadata arrays
/// that `metadata` leaves out (a tokenizer's vocabulary, say), each by its element type and count.
public struct GGUFSection: ReportSection, Equatable {
    public static let key = "gguf"

    /// `general.alignment`, or 32.
    public var alignment: Int
    /// Where the tensor data starts.
    public var dataOffset: Int
    /// The array-valued metadata, in file order, each key once.
    public var arrays: [ArraySummary]

    /// An array-valued metadata entry.
    public struct ArraySummary: Sendable, Equatable {
        public var key: String
        public var elementType: GGUFValueType
        public var count: Int
    }

    /// The summary of the array under `key`, if there is one.
    public func array(_ key: String) -> ArraySummary? {
        arrays.first { $0.key == key }
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.append("alignment", .int(Int64(alignment)))
        o.append("data_offset", .int(Int64(dataOffset)))
        var summaries = JSONObject()
        for array in arrays {
            var summary = JSONObject()
            summary.append("type", .string(array.elementType.description))
            summary.append("count", .int(Int64(array.count)))
            summaries.append(array.key, .object(summary))
        }
        o.append("arrays", .object(summaries))
        return .object(o)
    }

    public func mapStrings(_ transform: (String) -> String) -> GGUFSection {
        var c = self
        c.arrays = arrays.map { ArraySummary(key: transform($0.key), elementType: $0.elementType, count: $0.count) }
        return c
    }
}
