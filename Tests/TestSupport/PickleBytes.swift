import ModelArtifact

/// Hand-assembled pickles for tests: each helper appends one instruction.
public struct PickleBytes: Sendable {
    public var bytes: [UInt8] = []

    public init(proto: UInt8? = nil) {
        if let proto { bytes += [0x80, proto] }
    }

    public mutating func op(_ opcode: PickleOpcode, _ argument: [UInt8] = []) {
        bytes.append(opcode.rawValue)
        bytes += argument
    }

    public mutating func line(_ opcode: PickleOpcode, _ text: String) { op(opcode, Array(text.utf8) + [0x0a]) }
    public mutating func global(_ module: String, _ name: String) { op(.global, Array("\(module)\n\(name)\n".utf8)) }
    public mutating func text(_ s: String) {
        let utf8 = Array(s.utf8)
        op(.binUnicode, le32(utf8.count) + utf8)
    }
    public mutating func int(_ n: Int) {
        if (0..<256).contains(n) { op(.binInt1, [UInt8(n)]) } else { op(.binInt, le32(n)) }
    }
    public mutating func put(_ i: Int) { op(.binPut, [UInt8(i)]) }
    public mutating func get(_ i: Int) { op(.binGet, [UInt8(i)]) }
    public mutating func stop() { op(.stop) }

    /// `_rebuild_tensor_v2(("storage", FloatStorage, key, "cpu", numel), offset, shape, stride, False, OrderedDict())`.
    public mutating func tensor(key: String, numel: Int, shape: [Int], stride: [Int], offset: Int = 0,
                         storage: String = "FloatStorage") {
        global("torch._utils", "_rebuild_tensor_v2")
        op(.mark)
        op(.mark); text("storage"); global("torch", storage); text(key); text("cpu"); int(numel); op(.tuple)
        op(.binPersId)
        int(offset)
        op(.mark); shape.forEach { int($0) }; op(.tuple)
        op(.mark); stride.forEach { int($0) }; op(.tuple)
        op(.newFalse)
        global("collections", "OrderedDict"); op(.emptyTuple); op(.reduce)
        op(.tuple)
        op(.reduce)
    }

    /// SHORT_BINUNICODE `s`.
    public mutating func shortText(_ s: String) {
        let utf8 = Array(s.utf8)
        op(.shortBinUnicode, [UInt8(utf8.count)] + utf8)
    }

    public func le32(_ n: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: n >> (8 * $0)) } }

    public var file: MappedFile { MappedFile(bytes: bytes, name: "test.pkl") }
}

