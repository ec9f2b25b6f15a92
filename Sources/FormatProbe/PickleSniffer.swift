import ModelArtifact

/// Bare pickles and legacy `torch.save` files, recognised by decoding their first instructions and
/// following their effect on the pickle stack: random bytes and text break the rules within a few
/// opcodes. Nothing is interpreted beyond stack depths.
enum PickleSniffer {
    /// How many instructions are enough to call a prefix a pickle when no STOP has been seen.
    static let convincingRun = 12
    /// How many instructions are followed at most: detection needs the first ones only, and a
    /// pickle bomb must cost the probe no more than this.
    static let maxInstructions = 100_000

    static func detect(_ input: ProbeInput) -> Detection? {
        let bytes = input.bytes
        guard let first = bytes.first, let opcode = PickleOpcode(rawValue: first) else { return nil }
        if opcode == .proto {
            guard bytes.count >= 2 else {
                return Detection(.pickle, .low, "pickle PROTO opcode, protocol not yet seen", needsMoreBytes: input.isShortOf(2))
            }
            guard bytes[1] >= 2, bytes[1] <= 5 else { return nil }
            if bytes.has([0x8a, 0x0a] + FormatSignatures.torchLegacyMagic, at: 2) {
                return Detection(.ptLegacy, .certain,
                                 "pickle protocol \(bytes[1]) whose first object is PyTorch's magic number 0x1950a86a20f9469cfc6c: a legacy torch.save file")
            }
        }
        switch walk(input) {
        case .stopped(let count, let proto):
            return Detection(.pickle, .high, "a pickle (protocol \(proto)): \(count) instructions end in STOP with one object on the stack")
        case .plausible(let count, let proto):
            return Detection(.pickle, count >= convincingRun ? .high : .low,
                             "pickle instructions (protocol \(proto)) valid for the \(count) seen so far",
                             needsMoreBytes: !input.isComplete)
        case .broken:
            return nil
        }
    }

    private enum Outcome {
        case stopped(Int, Int)
        case plausible(Int, Int)
        case broken
    }

    /// Decodes from the start, tracking how many objects each mark-delimited frame holds.
    private static func walk(_ input: ProbeInput) -> Outcome {
        var reader = input.reader()
        var frames = [0]
        var count = 0
        var proto = 0
        while !reader.isAtEnd {
            guard count < maxInstructions else { return .plausible(count, proto) }
            guard let instruction = try? PickleInstruction.decode(&reader) else {
                // A cut inside the last instruction of a prefix is not a broken pickle.
                let cut = !input.isComplete && reader.remaining < 16
                return cut && count >= 2 ? .plausible(count, proto) : .broken
            }
            count += 1
            let op = instruction.opcode
            if op == .proto {
                guard count == 1, instruction.integer <= 5 else { return .broken }
                proto = Int(instruction.integer)
                continue
            }
            proto = max(proto, op.proto)
            if case .line = op.argument, !isPrintable(instruction.bytes, in: input.bytes) { return .broken }
            if case .twoLines = op.argument,
               !isIdentifierLine(instruction.bytes, in: input.bytes) || !isIdentifierLine(instruction.secondLine!, in: input.bytes) {
                return .broken
            }
            guard apply(op, to: &frames) else { return .broken }
            if op == .stop { return .stopped(count, proto) }
        }
        return input.isComplete || count < 2 ? .broken : .plausible(count, proto)
    }

    /// Applies an opcode's stack effect; false when the stack cannot support it.
    private static func apply(_ op: PickleOpcode, to frames: inout [Int]) -> Bool {
        func pop(_ n: Int) -> Bool {
            guard frames[frames.count - 1] >= n else { return false }
            frames[frames.count - 1] -= n
            return true
        }
        func push() { frames[frames.count - 1] += 1 }
        func popMark() -> Int? {
            guard frames.count > 1 else { return nil }
            return frames.removeLast()
        }
        switch op {
        case .mark: frames.append(0)
        case .stop: return frames.count == 1 && frames[0] == 1
        case .pop: return pop(1)
        case .popMark: return popMark() != nil
        case .dup: guard pop(1) else { return false }; push(); push()
        case .put, .binPut, .longBinPut, .memoize: return frames[frames.count - 1] >= 1
        case .binPersId, .readonlyBuffer: guard pop(1) else { return false }; push()
        case .reduce, .build, .append, .newObj, .stackGlobal: guard pop(2) else { return false }; push()
        case .setItem: guard pop(3) else { return false }; push()
        case .newObjEx: guard pop(3) else { return false }; push()
        case .tuple1: guard pop(1) else { return false }; push()
        case .tuple2: guard pop(2) else { return false }; push()
        case .tuple3: guard pop(3) else { return false }; push()
        case .tuple, .list, .dict, .frozenSet, .inst:
            guard popMark() != nil else { return false }
            push()
        case .obj:
            guard let n = popMark(), n >= 1 else { return false }
            push()
        case .appends, .setItems, .addItems:
            guard popMark() != nil, frames[frames.count - 1] >= 1 else { return false }
        case .proto, .frame: break
        default: push()
        }
        return true
    }

    private static func isPrintable(_ range: Range<Int>, in bytes: UnsafeRawBufferPointer) -> Bool {
        range.allSatisfy { (0x20...0x7e).contains(bytes[$0]) || bytes[$0] == 0x09 || bytes[$0] >= 0x80 }
    }

    private static func isIdentifierLine(_ range: Range<Int>, in bytes: UnsafeRawBufferPointer) -> Bool {
        !range.isEmpty && range.allSatisfy {
            let b = bytes[$0]
            return b == UInt8(ascii: "_") || b == UInt8(ascii: ".") || (0x30...0x39).contains(b)
                || (0x41...0x5a).contains(b) || (0x61...0x7a).contains(b) || b >= 0x80
        }
    }
}
