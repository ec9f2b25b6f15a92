import ModelArtifact
import SystemSeam

/// A set of names kept as byte ranges of the mapped file, compared byte for byte as onnx's checker
/// compares them: 16 bytes a name whatever its length, no string made, so that a graph of millions
/// of values is checked for SSA form and order in bounded memory. Open addressing with linear
/// probing over one array of slots (one cache miss a lookup); the hash is Swift's seeded `Hasher`,
/// so crafted names cannot force collisions, and it is kept in the slot, so growing never reads
/// the names again.
struct ONNXNameSet {
    private struct Slot {
        /// The name's start in the file plus one; 0 marks an empty slot.
        var start: UInt64 = 0
        var count: UInt32 = 0
        var hash: UInt32 = 0
    }

    /// Longest name a set can hold (the parser refuses longer ones).
    static let maxNameLength = Int(UInt32.max)

    private var slots: [Slot] = []
    private(set) var count = 0
    private var hasEmpty = false
    private let base: UnsafeRawBufferPointer

    /// An empty set of names lying in `file`.
    init(_ file: MappedFile) {
        self.base = file.bytes
    }

    private func bytes(start: Int, count: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: base[start..<start + count])
    }

    private func hash(_ name: ONNXName) -> UInt32 {
        var hasher = Hasher()
        hasher.combine(bytes: bytes(start: name.start, count: name.count))
        return UInt32(truncatingIfNeeded: hasher.finalize())
    }

    /// The slot holding `name`, or the empty slot where it would go.
    private func slot(_ name: ONNXName, hash: UInt32) -> (index: Int, found: Bool) {
        let mask = slots.count - 1
        var index = Int(hash) & mask
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let slot = slots[index]
                if slot.start == 0 { return (index, false) }
                if slot.hash == hash, Int(slot.count) == name.count,
                   bytes(start: Int(slot.start) - 1, count: name.count).elementsEqual(bytes(start: name.start, count: name.count)) {
                    return (index, true)
                }
                index = (index + 1) & mask
            }
        }
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
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let h = hash(name)
        let (index, found) = slot(name, hash: h)
        if found { return false }
        slots[index] = Slot(start: UInt64(name.start + 1), count: UInt32(truncatingIfNeeded: name.count), hash: h)
        count += 1
        return true
    }

    /// `capacity` empty slots. A large table asks the kernel for huge pages before its pages are
    /// first touched: its lookups land at random, and with 4 KiB pages each one misses the TLB too.
    private static func emptySlots(_ capacity: Int) -> [Slot] {
        [Slot](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            HugePages.advise(UnsafeMutableRawBufferPointer(start: buffer.baseAddress, count: capacity * MemoryLayout<Slot>.stride))
            buffer.initialize(repeating: Slot())
            initialized = capacity
        }
    }

    /// Most names room is made for ahead (a table of 512 MiB at the most, the size growing to that
    /// many names would reach anyway); past it the set grows as names come.
    static let maxReserved = 1 << 24

    /// Makes room for `count` names (at most `maxReserved`), so that filling the set rehashes nothing.
    mutating func reserve(_ count: Int) {
        let wanted = min(max(count, 0), Self.maxReserved)
        var capacity = max(slots.count, 16)
        while wanted * 4 > capacity * 3 { capacity *= 2 }
        if capacity > slots.count { grow(to: capacity) }
    }

    private mutating func grow() {
        grow(to: max(16, slots.count * 2))
    }

    private mutating func grow(to capacity: Int) {
        let old = slots
        slots = Self.emptySlots(capacity)
        let mask = capacity - 1
        slots.withUnsafeMutableBufferPointer { slots in
            for slot in old where slot.start != 0 {
                var index = Int(slot.hash) & mask
                while slots[index].start != 0 { index = (index + 1) & mask }
                slots[index] = slot
            }
        }
    }
}
