/// The pickle memo: indices stored by PUT/MEMOIZE, read by GET. Dense indices (what picklers
/// write: 0, 1, 2…) live in an array; scattered ones in a dictionary, so a hostile index costs
/// one entry, never a gap.
struct PickleMemo {
    private var dense: [PickleValue?] = []
    private var sparse: [Int: PickleValue] = [:]
    /// Entries stored (Python's `len(memo)`, the index MEMOIZE uses).
    private(set) var count = 0
    /// Largest gap after the dense part that is still filled in.
    static let maxGap = 64

    /// The value stored at `index`.
    subscript(index: Int) -> PickleValue? {
        if index >= 0, index < dense.count { return dense[index] }
        return sparse[index]
    }

    /// Stores `value` at `index`; returns true when the index was new.
    @discardableResult
    mutating func store(_ value: PickleValue, at index: Int, denseLimit: Int) -> Bool {
        if index >= 0, index < dense.count {
            let new = dense[index] == nil
            dense[index] = value
            if new { count += 1 }
            return new
        }
        if index >= dense.count, index - dense.count <= Self.maxGap, index < denseLimit, sparse.isEmpty {
            dense.append(contentsOf: repeatElement(nil, count: index - dense.count))
            dense.append(value)
            count += 1
            return true
        }
        let new = sparse.updateValue(value, forKey: index) == nil
        if new { count += 1 }
        return new
    }

    /// Forgets every entry (a new pickle starts).
    mutating func removeAll() {
        dense.removeAll(keepingCapacity: true)
        sparse.removeAll()
        count = 0
    }
}
