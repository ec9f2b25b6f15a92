import ModelArtifact

/// What running one pickle gave.
struct PickleRun {
    /// The object STOP returned; nil when the pickle failed.
    var root: PickleValue?
    /// The protocol its PROTO opcode declared (0 without one).
    var proto: Int
    /// Where the pickle started, and where it ended (just after STOP, or where it failed).
    var range: Range<Int>
    /// Instructions executed (a failing one not counted).
    var instructions = 0
    /// Why it failed, if it did; also set when a real unpickler would have failed at a point the
    /// machine ran on past (a memo slot never filled), so that such a pickle is never judged safe.
    var error: ArtifactError?
}

/// A pickle virtual machine that never imports or calls anything (CPython `pickle.py`'s
/// `_Unpickler`, every opcode of protocols 0 to 5). Globals become inert `.global` values and
/// calls inert `.object` records in `graph`; every stack, memo, nesting, size and work count is
/// capped by `limits`.
struct PickleMachine {
    /// What the pickles run so far built.
    private(set) var graph: PickleGraph
    /// The caps.
    let limits: PickleLimits

    private var stack: [PickleValue] = []
    private var marks: [Int] = []
    private var memo = PickleMemo()
    /// Where the current run went past a point a real unpickler fails at.
    private var divergence: ArtifactError?

    /// A machine whose values refer to bytes of `file`.
    init(file: MappedFile, limits: PickleLimits = PickleLimits()) {
        graph = PickleGraph(file: file)
        self.limits = limits
    }

    /// Runs one pickle from `reader`'s cursor to its STOP; the cursor ends after STOP (or where it
    /// failed). Never throws: a failure is returned in `PickleRun.error`, with what was built so far
    /// (its globals included) kept in `graph`.
    mutating func run(_ reader: inout ByteReader) -> PickleRun {
        let start = reader.offset
        stack.removeAll(keepingCapacity: true)
        marks.removeAll(keepingCapacity: true)
        memo.removeAll()
        divergence = nil
        var proto = 0
        var count = 0
        do {
            while true {
                count += 1
                if count > limits.maxInstructions {
                    throw reader.error("pickle-too-many-instructions", expected: "at most \(limits.maxInstructions) instructions",
                                       found: "more")
                }
                let instruction = try PickleInstruction.decode(&reader)
                if instruction.opcode == .proto {
                    guard instruction.integer <= 5 else {
                        throw reader.error("pickle-bad-protocol", expected: "a pickle protocol of at most 5",
                                           found: "protocol \(instruction.integer)", at: instruction.offset)
                    }
                    proto = Int(instruction.integer)
                    continue
                }
                if instruction.opcode == .stop {
                    let root = try pop(reader, instruction)
                    return PickleRun(root: divergence == nil ? root : nil, proto: proto, range: start..<reader.offset,
                                     instructions: count, error: divergence)
                }
                try execute(instruction, &reader)
                if graph.footprint > limits.maxItems {
                    throw reader.error("pickle-too-many-items", expected: "at most \(limits.maxItems) values held in all containers and records",
                                       found: "more", at: instruction.offset)
                }
                if stack.count > limits.maxStack {
                    throw reader.error("pickle-stack-too-deep", expected: "a stack of at most \(limits.maxStack) values",
                                       found: "more", at: instruction.offset)
                }
            }
        } catch let error as ArtifactError {
            // Where a real unpickler failed first, when the machine ran on past that point.
            return PickleRun(root: nil, proto: proto, range: start..<reader.offset, instructions: count - 1, error: divergence ?? error)
        } catch {
            let failure = reader.error("pickle-failed", expected: "a pickle", found: "\(error)")
            return PickleRun(root: nil, proto: proto, range: start..<reader.offset, instructions: count - 1, error: divergence ?? failure)
        }
    }

    // MARK: - Stack

    private var floor: Int { marks.last ?? 0 }

    private mutating func push(_ value: PickleValue) {
        stack.append(value)
    }

    private mutating func pop(_ reader: ByteReader, _ instruction: PickleInstruction) throws -> PickleValue {
        guard stack.count > floor else { throw underflow(reader, instruction) }
        return stack.removeLast()
    }

    private func top(_ reader: ByteReader, _ instruction: PickleInstruction) throws -> PickleValue {
        guard stack.count > floor else { throw underflow(reader, instruction) }
        return stack[stack.count - 1]
    }

    /// The values pushed since the last MARK, which is removed.
    private mutating func popMark(_ reader: ByteReader, _ instruction: PickleInstruction) throws -> ArraySlice<PickleValue> {
        guard let mark = marks.popLast() else {
            throw reader.error("pickle-no-mark", expected: "a MARK before \(instruction.opcode)", found: "none",
                               at: instruction.offset)
        }
        let items = Array(stack[mark...])[...]
        stack.removeLast(stack.count - mark)
        return items
    }

    private func underflow(_ reader: ByteReader, _ instruction: PickleInstruction) -> ArtifactError {
        reader.error("pickle-stack-underflow", expected: "a value on the stack for \(instruction.opcode)",
                     found: "an empty stack", at: instruction.offset)
    }

    // MARK: - Containers

    private mutating func count(_ added: Int, _ reader: ByteReader, _ instruction: PickleInstruction) throws {
        graph.itemCount += added
        if graph.itemCount > limits.maxItems {
            throw reader.error("pickle-too-many-items", expected: "at most \(limits.maxItems) items in all containers",
                               found: "more", at: instruction.offset)
        }
    }

    private mutating func newSequence(_ items: some Collection<PickleValue>) -> Int {
        graph.sequences.append(Array(items))
        return graph.sequences.count - 1
    }

    private mutating func newDict() -> Int {
        graph.dicts.append([])
        return graph.dicts.count - 1
    }

    private mutating func call(_ kind: PickleCallKind, _ callee: PickleValue, _ args: PickleValue,
                               kwargs: PickleValue? = nil, at offset: Int) -> PickleValue {
        if case .global(let index) = callee { graph.calledGlobals.insert(index) }
        graph.objects.append(PickleObject(kind: kind, callee: callee, args: args, kwargs: kwargs, offset: offset))
        return .object(graph.objects.count - 1)
    }

    private mutating func addGlobal(module: String, name: String, at offset: Int) -> PickleValue {
        graph.globals.append(PickleGlobal(module: module, name: name, offset: offset))
        return .global(graph.globals.count - 1)
    }

    /// Appends to a list (or records the append on a call result); Python raises for anything else.
    private mutating func append(_ items: some Collection<PickleValue>, to target: PickleValue,
                                 _ reader: ByteReader, _ instruction: PickleInstruction) throws {
        try count(items.count, reader, instruction)
        switch target {
        case .list(let i) where instruction.opcode != .addItems: graph.sequences[i].append(contentsOf: items)
        case .set(let i) where instruction.opcode == .addItems: graph.sequences[i].append(contentsOf: items)
        case .object(let i): graph.objects[i].appended.append(contentsOf: items)
        default:
            throw reader.error("pickle-bad-target", expected: "a \(instruction.opcode == .addItems ? "set" : "list") for \(instruction.opcode)",
                               found: describe(target), at: instruction.offset)
        }
    }

    /// Sets items of a dict (or records them on a call result); Python raises for anything else.
    private mutating func setItems(_ items: ArraySlice<PickleValue>, on target: PickleValue,
                                   _ reader: ByteReader, _ instruction: PickleInstruction) throws {
        guard items.count % 2 == 0 else {
            throw reader.error("pickle-odd-items", expected: "key and value pairs for \(instruction.opcode)",
                               found: "\(items.count) values", at: instruction.offset)
        }
        try count(items.count / 2, reader, instruction)
        var pairs: [(key: PickleValue, value: PickleValue)] = []
        pairs.reserveCapacity(items.count / 2)
        var k = items.startIndex
        while k < items.endIndex {
            pairs.append((items[k], items[k + 1]))
            k += 2
        }
        switch target {
        case .dict(let i): graph.dicts[i].append(contentsOf: pairs)
        case .object(let i): graph.objects[i].items.append(contentsOf: pairs)
        default:
            throw reader.error("pickle-bad-target", expected: "a dict for \(instruction.opcode)", found: describe(target),
                               at: instruction.offset)
        }
    }

    /// A few words for a value in an error message.
    func describe(_ value: PickleValue) -> String {
        switch value {
        case .none: return "None"
        case .bool: return "a bool"
        case .int, .bigInt: return "an int"
        case .float: return "a float"
        case .string: return "a str"
        case .bytes: return "bytes"
        case .global(let i): return "the global \(graph.globals[i].qualified)"
        case .tuple: return "a tuple"
        case .list: return "a list"
        case .set: return "a set"
        case .dict: return "a dict"
        case .object(let i): return graph.globalName(graph.objects[i].callee).map { "the result of calling \($0)" } ?? "an object"
        case .persistent: return "a persistent object"
        case .unresolved(let i): return graph.unresolved[i].reason
        }
    }

    // MARK: - Opcodes

    private mutating func execute(_ instruction: PickleInstruction, _ reader: inout ByteReader) throws {
        let r = reader
        let at = instruction.offset
        switch instruction.opcode {
        case .proto, .stop:
            break
        case .frame:
            guard instruction.integer <= Int64(reader.remaining) else {
                throw reader.error("pickle-truncated", expected: "a frame of \(instruction.integer) bytes",
                                   found: "\(reader.remaining) bytes left", at: at)
            }
        case .mark:
            guard marks.count < limits.maxMarks else {
                throw reader.error("pickle-marks-too-deep", expected: "at most \(limits.maxMarks) open MARKs", found: "more", at: at)
            }
            marks.append(stack.count)
        case .pop:
            // Python pops the last MARK when nothing was pushed after it.
            if stack.count > floor {
                stack.removeLast()
            } else if marks.popLast() == nil {
                throw underflow(r, instruction)
            }
        case .popMark:
            _ = try popMark(r, instruction)
        case .dup:
            push(try top(r, instruction))
        case .none:
            push(.none)
        case .newTrue:
            push(.bool(true))
        case .newFalse:
            push(.bool(false))
        case .int:
            let text = try reader.buffer(instruction.bytes)
            if text.count == 2, text[0] == UInt8(ascii: "0"), text[1] == UInt8(ascii: "0") || text[1] == UInt8(ascii: "1") {
                push(.bool(text[1] == UInt8(ascii: "1")))
            } else {
                push(try decimal(text, r, instruction))
            }
        case .long:
            var text = try reader.buffer(instruction.bytes)
            if let last = text.last, last == UInt8(ascii: "L") { text = UnsafeRawBufferPointer(rebasing: text.dropLast()) }
            push(try decimal(text, r, instruction))
        case .binInt, .binInt1, .binInt2:
            push(.int(instruction.integer))
        case .long1, .long4:
            guard instruction.integer <= Int64(limits.maxIntegerBytes) else {
                throw reader.error("pickle-int-too-large", expected: "an integer of at most \(limits.maxIntegerBytes) bytes",
                                   found: "\(instruction.integer) bytes", at: at)
            }
            push(PickleTextDecoder.long(try reader.buffer(instruction.bytes)))
        case .float:
            guard let value = PickleTextDecoder.float(try reader.buffer(instruction.bytes)) else {
                throw reader.error("pickle-bad-float", expected: "a decimal float for FLOAT", found: "other text", at: at)
            }
            push(.float(value))
        case .binFloat:
            push(.float(instruction.float))
        case .string:
            push(.string(PickleText(range: try quoted(instruction, r), encoding: .escaped)))
        case .binString, .shortBinString:
            push(.string(PickleText(range: instruction.bytes, encoding: .bytes)))
        case .unicode:
            push(.string(PickleText(range: instruction.bytes, encoding: .rawUnicodeEscape)))
        case .binUnicode, .shortBinUnicode, .binUnicode8:
            push(.string(PickleText(range: instruction.bytes, encoding: .utf8)))
        case .binBytes, .shortBinBytes, .binBytes8, .byteArray8:
            push(.bytes(instruction.bytes))
        case .nextBuffer:
            throw reader.error("pickle-out-of-band-buffer", expected: "data inside the pickle",
                               found: "NEXT_BUFFER, which refers to out-of-band buffers", at: at)
        case .readonlyBuffer:
            _ = try top(r, instruction)
        case .emptyTuple:
            push(.tuple(newSequence([])))
        case .tuple:
            let items = try popMark(r, instruction)
            try count(items.count, r, instruction)
            push(.tuple(newSequence(items)))
        case .tuple1, .tuple2, .tuple3:
            let n = instruction.opcode == .tuple1 ? 1 : instruction.opcode == .tuple2 ? 2 : 3
            guard stack.count - floor >= n else { throw underflow(r, instruction) }
            let items = stack.suffix(n)
            stack.removeLast(n)
            try count(n, r, instruction)
            push(.tuple(newSequence(items)))
        case .emptyList:
            push(.list(newSequence([])))
        case .list:
            let items = try popMark(r, instruction)
            try count(items.count, r, instruction)
            push(.list(newSequence(items)))
        case .append:
            let item = try pop(r, instruction)
            try append(CollectionOfOne(item), to: try top(r, instruction), r, instruction)
        case .appends, .addItems:
            let items = try popMark(r, instruction)
            try append(items, to: try top(r, instruction), r, instruction)
        case .emptyDict:
            push(.dict(newDict()))
        case .dict:
            let items = try popMark(r, instruction)
            let dict = PickleValue.dict(newDict())
            try setItems(items, on: dict, r, instruction)
            push(dict)
        case .setItem:
            let value = try pop(r, instruction)
            let key = try pop(r, instruction)
            try setItems([key, value], on: try top(r, instruction), r, instruction)
        case .setItems:
            let items = try popMark(r, instruction)
            try setItems(items, on: try top(r, instruction), r, instruction)
        case .emptySet:
            push(.set(newSequence([])))
        case .frozenSet:
            let items = try popMark(r, instruction)
            try count(items.count, r, instruction)
            push(.set(newSequence(items)))
        case .global:
            let module = try identifier(instruction.bytes, r, instruction)
            let name = try identifier(instruction.secondLine ?? instruction.bytes, r, instruction)
            push(addGlobal(module: module, name: name, at: at))
        case .stackGlobal:
            let nameValue = try pop(r, instruction)
            let moduleValue = try pop(r, instruction)
            let name = graph.string(nameValue, limit: Int.max), module = graph.string(moduleValue, limit: Int.max)
            if let name, let module {
                push(addGlobal(module: module, name: name, at: at))
            } else {
                // Operands that are not literal strings: computed at load time, so never allowed.
                var parts: [String] = []
                if module == nil { parts.append("module is \(describe(moduleValue))") }
                if name == nil { parts.append("name is \(describe(nameValue))") }
                graph.globals.append(PickleGlobal(module: module ?? PickleGlobal.computedPart, name: name ?? PickleGlobal.computedPart,
                                                  offset: at, computed: "a STACK_GLOBAL whose " + parts.joined(separator: " and whose ")))
                push(.global(graph.globals.count - 1))
            }
        case .inst:
            let module = try identifier(instruction.bytes, r, instruction)
            let name = try identifier(instruction.secondLine ?? instruction.bytes, r, instruction)
            // Judged before the MARK is checked: pickle.py's load_inst imports before it pops the mark.
            let callee = addGlobal(module: module, name: name, at: at)
            let args = try popMark(r, instruction)
            try count(args.count, r, instruction)
            push(call(.instantiate, callee, .tuple(newSequence(args)), at: at))
        case .obj:
            let items = try popMark(r, instruction)
            guard let callee = items.first else { throw underflow(r, instruction) }
            try count(items.count, r, instruction)
            push(call(.instantiate, callee, .tuple(newSequence(items.dropFirst())), at: at))
        case .reduce:
            let args = try pop(r, instruction)
            let callee = try pop(r, instruction)
            push(call(.reduce, callee, args, at: at))
        case .newObj:
            let args = try pop(r, instruction)
            let callee = try pop(r, instruction)
            push(call(.newObj, callee, args, at: at))
        case .newObjEx:
            let kwargs = try pop(r, instruction)
            let args = try pop(r, instruction)
            let callee = try pop(r, instruction)
            push(call(.newObj, callee, args, kwargs: kwargs, at: at))
        case .build:
            let state = try pop(r, instruction)
            if case .object(let i) = try top(r, instruction) {
                try count(1, r, instruction)
                graph.objects[i].states.append(state)
            }
        case .persId:
            let id = PickleValue.string(PickleText(range: instruction.bytes, encoding: .bytes))
            graph.persistent.append(PicklePersistent(id: id, offset: at))
            push(.persistent(graph.persistent.count - 1))
        case .binPersId:
            let id = try pop(r, instruction)
            graph.persistent.append(PicklePersistent(id: id, offset: at))
            push(.persistent(graph.persistent.count - 1))
        case .get, .binGet, .longBinGet:
            let index = instruction.opcode == .get ? try memoIndex(instruction, r) : Int(instruction.integer)
            if let value = memo[index] {
                push(value)
            } else {
                // The unpickler fails here; run on, so that what it would compute from the slot is judged too.
                let failure = reader.error("pickle-memo-missing", expected: "memo entry \(index) to have been stored",
                                           found: "no such entry", at: at)
                try diverge(failure)
                graph.unresolved.append(("memo slot \(index), which was never filled", at))
                push(.unresolved(graph.unresolved.count - 1))
            }
        case .put, .binPut, .longBinPut:
            let index = instruction.opcode == .put ? try memoIndex(instruction, r) : Int(instruction.integer)
            try store(index, try top(r, instruction), r, instruction)
        case .memoize:
            try store(memo.count, try top(r, instruction), r, instruction)
        case .ext1, .ext2, .ext4:
            // copyreg's extension registry maps the code to a (module, name) the file does not show.
            graph.globals.append(PickleGlobal(module: PickleGlobal.computedPart, name: PickleGlobal.computedPart, offset: at,
                                              computed: "copyreg extension code \(instruction.integer), whose module and name the registry decides"))
            push(.global(graph.globals.count - 1))
        }
    }

    /// Records that a real unpickler fails here, and runs on (at most one such point per pickle is
    /// reported; the run counts as failed).
    private mutating func diverge(_ failure: ArtifactError) throws {
        if divergence == nil { divergence = failure }
    }

    private mutating func store(_ index: Int, _ value: PickleValue, _ reader: ByteReader, _ instruction: PickleInstruction) throws {
        if memo.store(value, at: index, denseLimit: limits.maxMemo), memo.count > limits.maxMemo {
            throw reader.error("pickle-memo-too-large", expected: "at most \(limits.maxMemo) memo entries", found: "more",
                               at: instruction.offset)
        }
    }

    private func memoIndex(_ instruction: PickleInstruction, _ reader: ByteReader) throws -> Int {
        guard case .int(let value)? = PickleTextDecoder.integer(try reader.buffer(instruction.bytes)), value >= 0,
              let index = Int(exactly: value) else {
            throw reader.error("pickle-bad-memo-index", expected: "a non-negative decimal memo index", found: "other text",
                               at: instruction.offset)
        }
        return index
    }

    private func decimal(_ text: UnsafeRawBufferPointer, _ reader: ByteReader, _ instruction: PickleInstruction) throws -> PickleValue {
        guard let value = PickleTextDecoder.integer(text) else {
            throw reader.error("pickle-bad-int", expected: "a decimal integer for \(instruction.opcode)", found: "other text",
                               at: instruction.offset)
        }
        return value
    }

    /// The inside of a quoted `STRING` argument (Python requires matching quotes).
    private func quoted(_ instruction: PickleInstruction, _ reader: ByteReader) throws -> Range<Int> {
        let text = try reader.buffer(instruction.bytes)
        guard text.count >= 2, let first = text.first, first == UInt8(ascii: "'") || first == UInt8(ascii: "\""),
              text[text.count - 1] == first else {
            throw reader.error("pickle-bad-string", expected: "a quoted literal for STRING", found: "unquoted text",
                               at: instruction.offset)
        }
        return (instruction.bytes.lowerBound + 1)..<(instruction.bytes.upperBound - 1)
    }

    /// A module or name line of GLOBAL/INST, which must be UTF-8.
    private func identifier(_ range: Range<Int>, _ reader: ByteReader, _ instruction: PickleInstruction) throws -> String {
        guard let text = String(validating: try reader.buffer(range), as: UTF8.self) else {
            throw reader.error("pickle-bad-global", expected: "a UTF-8 module and name for \(instruction.opcode)",
                               found: "bytes that are not UTF-8", at: instruction.offset)
        }
        return text
    }
}
