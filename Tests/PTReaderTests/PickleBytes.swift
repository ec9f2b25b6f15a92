import ModelArtifact
@testable import PTReader

/// Hand-assembled pickles for tests: each helper appends one instruction.
struct PickleBytes {
    var bytes: [UInt8] = []

    init(proto: UInt8? = nil) {
        if let proto { bytes += [0x80, proto] }
    }

    mutating func op(_ opcode: PickleOpcode, _ argument: [UInt8] = []) {
        bytes.append(opcode.rawValue)
        bytes += argument
    }

    mutating func line(_ opcode: PickleOpcode, _ text: String) { op(opcode, Array(text.utf8) + [0x0a]) }
    mutating func global(_ module: String, _ name: String) { op(.global, Array("\(module)\n\(name)\n".utf8)) }
    mutating func text(_ s: String) {
        let utf8 = Array(s.utf8)
        op(.binUnicode, le32(utf8.count) + utf8)
    }
    mutating func int(_ n: Int) {
        if (0..<256).contains(n) { op(.binInt1, [UInt8(n)]) } else { op(.binInt, le32(n)) }
    }
    mutating func put(_ i: Int) { op(.binPut, [UInt8(i)]) }
    mutating func get(_ i: Int) { op(.binGet, [UInt8(i)]) }
    mutating func stop() { op(.stop) }

    /// `_rebuild_tensor_v2(("storage", FloatStorage, key, "cpu", numel), offset, shape, stride, False, OrderedDict())`.
    mutating func tensor(key: String, numel: Int, shape: [Int], stride: [Int], offset: Int = 0,
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

    func le32(_ n: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: n >> (8 * $0)) } }

    var file: MappedFile { MappedFile(bytes: bytes, name: "test.pkl") }
}

/// Runs one pickle and returns the machine and run.
func runPickle(_ bytes: [UInt8], limits: PickleLimits = PickleLimits()) -> (PickleMachine, PickleRun) {
    let file = MappedFile(bytes: bytes, name: "test.pkl")
    var machine = PickleMachine(file: file, limits: limits)
    var reader = file.reader()
    let run = machine.run(&reader)
    return (machine, run)
}

/// The rule of the error running `bytes` gives, or nil when it runs.
func ruleOf(_ bytes: [UInt8], limits: PickleLimits = PickleLimits()) -> String? {
    runPickle(bytes, limits: limits).1.error?.rule
}

/// The report of `bytes` read as `format`.
func report(_ bytes: [UInt8], as format: ModelFormat = .pickle, name: String = "test.pkl",
            limits: PickleLimits = PickleLimits()) throws -> ModelReport {
    try PTReader.read(MappedFile(bytes: bytes, name: name), as: format, limits: limits)
}
