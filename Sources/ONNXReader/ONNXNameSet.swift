import ModelArtifact

/// A set of names kept as byte ranges of the mapped file, compared byte for byte as onnx's checker
/// compares them: 16 bytes a name whatever its length, no string made, so that a graph of millions
/// of values is checked for SSA form and order in bounded memory. Open addressing with linear
/// probing; the hash is Swift's seeded `Hasher`, so crafted names cannot force collisions.
struct ONNXNameSet {
    /// The slot of a name: its start in the file (low 48 bits) and 16 bits of its hash; 0 is empty.
    private var keys: [UInt64] = []
    private var lengths: [Int] = []
    private(set) var count = 0
    private var hasEmpty = false
    private let base: UnsafeRawBufferPointer

    /// An empty set of names lying in `file`.
    init(_ file: MappedFile) {
        self.base = file.bytes
    }

    private func bytes(_ name: ONNXName) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: base[name.start..<name.start + name.count])
    }

    private func hash(_ name: ONNXName) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: bytes(name))
        return hasher.finalize()
    }

    /// The slot holding `name`, or the empty slot where it would go.
    private func slot(_ name: ONNXName, hash: Int) -> (index: Int, found: Bool) {
        let mask = keys.count - 1
        let tag = UInt64(UInt16(truncatingIfNeeded: hash >> 48))
        var index = hash & mask
        let wanted = bytes(name)
        while true {
            let key = keys[index]
            if key == 0 { return (index, false) }
            if key >> 48 == tag, lengths[index] == name.count {
                let start = Int(key & 0xffff_ffff_ffff) - 1
                if memoryEqual(UnsafeRawBufferPointer(rebasing: base[start..<start + name.count]), wanted) {
                    return (index, true)
                }
            }
            index = (index + 1) & mask
        }
    }

    private func memoryEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        a.elementsEqual(b)
    }

    func contains(_ name: ONNXName) -> Bool {
        if name.isEmpty { return hasEmpty }
        guard count > 0 else { return false }
        return slot(name, hash: hash(name)).found
    }

    /// Adds `name`; false when it was there already.
    @discardableResult
    mutating func insert(_ name: ONNXName) -> Bool {
        if name.isEmpty {
            defer { hasEmpty = true }
            return !hasEmpty
        }
        if (count + 1) * 4 > keys.count * 3 { grow() }
        let h = hash(name)
        let (index, found) = slot(name, hash: h)
        if found { return false }
        keys[index] = UInt64(UInt16(truncatingIfNeeded: h >> 48)) << 48 | UInt64(name.start + 1)
        lengths[index] = name.count
        count += 1
        return true
    }

    private mutating func grow() {
        let old = (keys, lengths)
        let capacity = max(16, keys.count * 2)
        keys = [UInt64](repeating: 0, count: capacity)
        lengths = [Int](repeating: 0, count: capacity)
        let mask = capacity - 1
        for (key, length) in zip(old.0, old.1) where key != 0 {
            let name = ONNXName(start: Int(key & 0xffff_ffff_ffff) - 1, count: length)
            var index = hash(name) & mask
            while keys[index] != 0 { index = (index + 1) & mask }
            keys[index] = key
            lengths[index] = length
        }
    }
}
