/// One dimension of a shape: a size, a symbolic name (`"batch"`), or unknown.
public enum Dimension: Hashable, Sendable, CustomStringConvertible {
    case size(Int64)
    case symbolic(String)
    case unknown

    /// The JSON form: an integer, a string, or null.
    public var json: JSONValue {
        switch self {
        case .size(let n): return .int(n)
        case .symbolic(let s): return .string(s)
        case .unknown: return .null
        }
    }

    public var description: String {
        switch self {
        case .size(let n): return String(n)
        case .symbolic(let s): return s
        case .unknown: return "?"
        }
    }
}

extension Array where Element == Dimension {
    /// The number of elements of a fully known shape (1 for a scalar), or nil when a dimension is
    /// not a size, is negative, or the product overflows.
    public var elementCount: Int? {
        var count = 1
        for dim in self {
            guard case .size(let n) = dim, n >= 0, let k = Int(exactly: n) else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: k)
            guard !overflow else { return nil }
            count = product
        }
        return count
    }

    /// A shape of known sizes.
    public init(sizes: some Sequence<Int>) {
        self = sizes.map { .size(Int64($0)) }
    }
}
