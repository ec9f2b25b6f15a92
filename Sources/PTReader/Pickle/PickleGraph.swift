import ModelArtifact

/// Everything one or more pickles built: the containers and records their values point into, the
/// globals they referenced, and the file whose bytes hold their text.
struct PickleGraph {
    /// The file the pickle's bytes (and so its strings) are in.
    let file: MappedFile
    /// Globals in the order their opcodes occur.
    var globals: [PickleGlobal] = []
    /// Indices of `globals` used as the callee of a REDUCE, NEWOBJ, INST or OBJ.
    var calledGlobals: Set<Int> = []
    /// Tuples, lists and sets.
    var sequences: [[PickleValue]] = []
    /// Dicts, items in insertion order.
    var dicts: [[(key: PickleValue, value: PickleValue)]] = []
    /// Call records.
    var objects: [PickleObject] = []
    /// Persistent ids.
    var persistent: [PicklePersistent] = []
    /// Values a real unpickler would have failed on, each with why and where.
    var unresolved: [(reason: String, offset: Int)] = []
    /// Items held by all containers together (a cap applies).
    var itemCount = 0

    /// Everything the graph holds, counted once each: items, containers, call records, globals and
    /// persistent ids. The machine caps it (`PickleLimits.maxItems`), so memory is bounded whatever
    /// the pickle builds and drops.
    var footprint: Int { itemCount + sequences.count + dicts.count + objects.count + globals.count + persistent.count }

    init(file: MappedFile) {
        self.file = file
    }

    /// The elements of a tuple, list or set; nil for other values.
    func elements(_ value: PickleValue) -> [PickleValue]? {
        switch value {
        case .tuple(let i), .list(let i), .set(let i): return sequences[i]
        default: return nil
        }
    }

    /// The global a value refers to, if it is one.
    func global(_ value: PickleValue) -> PickleGlobal? {
        if case .global(let i) = value { return globals[i] }
        return nil
    }

    /// The qualified name of the global a value refers to, if it is one.
    func globalName(_ value: PickleValue) -> String? {
        global(value)?.qualified
    }

    /// The text of a string value (at most `limit` bytes of it are decoded); nil for other values.
    func string(_ value: PickleValue, limit: Int = 1 << 16) -> String? {
        guard case .string(let text) = value else { return nil }
        return PickleTextDecoder.decode(text, in: file, limit: limit)
    }

    /// An integer value (bools count as 0 and 1, as in Python); nil for other values.
    func integer(_ value: PickleValue) -> Int64? {
        switch value {
        case .int(let n): return n
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }
}
