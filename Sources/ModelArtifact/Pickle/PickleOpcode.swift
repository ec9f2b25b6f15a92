/// The opcodes of Python's pickle protocols 0 to 5, with the shape of each one's inline argument
/// (facts from CPython's `pickletools.py`). Shared by the format probe and the pickle interpreter,
/// which decode instructions with `PickleInstruction.decode`.
public enum PickleOpcode: UInt8, Sendable, CaseIterable {
    case mark = 0x28            // (
    case stop = 0x2e            // .
    case pop = 0x30             // 0
    case popMark = 0x31         // 1
    case dup = 0x32             // 2
    case float = 0x46           // F
    case int = 0x49             // I
    case binInt = 0x4a          // J
    case binInt1 = 0x4b         // K
    case long = 0x4c            // L
    case binInt2 = 0x4d         // M
    case none = 0x4e            // N
    case persId = 0x50          // P
    case binPersId = 0x51       // Q
    case reduce = 0x52          // R
    case string = 0x53          // S
    case binString = 0x54       // T
    case shortBinString = 0x55  // U
    case unicode = 0x56         // V
    case binUnicode = 0x58      // X
    case append = 0x61          // a
    case build = 0x62           // b
    case global = 0x63          // c
    case dict = 0x64            // d
    case emptyDict = 0x7d       // }
    case appends = 0x65         // e
    case get = 0x67             // g
    case binGet = 0x68          // h
    case inst = 0x69            // i
    case longBinGet = 0x6a      // j
    case list = 0x6c            // l
    case emptyList = 0x5d       // ]
    case obj = 0x6f             // o
    case put = 0x70             // p
    case binPut = 0x71          // q
    case longBinPut = 0x72      // r
    case setItem = 0x73         // s
    case tuple = 0x74           // t
    case emptyTuple = 0x29      // )
    case setItems = 0x75        // u
    case binFloat = 0x47        // G
    case proto = 0x80
    case newObj = 0x81
    case ext1 = 0x82
    case ext2 = 0x83
    case ext4 = 0x84
    case tuple1 = 0x85
    case tuple2 = 0x86
    case tuple3 = 0x87
    case newTrue = 0x88
    case newFalse = 0x89
    case long1 = 0x8a
    case long4 = 0x8b
    case binBytes = 0x42        // B
    case shortBinBytes = 0x43   // C
    case shortBinUnicode = 0x8c
    case binUnicode8 = 0x8d
    case binBytes8 = 0x8e
    case emptySet = 0x8f
    case addItems = 0x90
    case frozenSet = 0x91
    case newObjEx = 0x92
    case stackGlobal = 0x93
    case memoize = 0x94
    case frame = 0x95
    case byteArray8 = 0x96
    case nextBuffer = 0x97
    case readonlyBuffer = 0x98

    /// The shape of an opcode's inline argument.
    public enum ArgumentKind: Sendable {
        /// No argument.
        case none
        /// An unsigned integer of 1, 2, 4 or 8 bytes, little-endian.
        case unsigned(Int)
        /// A signed 4-byte little-endian integer.
        case int4
        /// A big-endian binary64.
        case float8
        /// One newline-terminated ASCII line (decimal numbers, quoted strings, ids).
        case line
        /// Two newline-terminated lines (module and name).
        case twoLines
        /// Bytes preceded by an unsigned length of 1, 4 or 8 bytes.
        case counted(Int)
        /// Bytes preceded by a signed 4-byte length (`BINSTRING`, `LONG4`).
        case countedSigned4
    }

    /// What follows the opcode byte.
    public var argument: ArgumentKind {
        switch self {
        case .float, .int, .long, .persId, .string, .unicode, .get, .put: return .line
        case .global, .inst: return .twoLines
        case .binInt, .ext4: return .int4
        case .binInt1, .binGet, .binPut, .proto, .ext1: return .unsigned(1)
        case .binInt2, .ext2: return .unsigned(2)
        case .longBinGet, .longBinPut: return .unsigned(4)
        case .frame: return .unsigned(8)
        case .binFloat: return .float8
        case .shortBinString, .shortBinBytes, .shortBinUnicode, .long1: return .counted(1)
        case .binUnicode, .binBytes: return .counted(4)
        case .binUnicode8, .binBytes8, .byteArray8: return .counted(8)
        case .binString, .long4: return .countedSigned4
        default: return .none
        }
    }

    /// The first protocol that has this opcode.
    public var proto: Int {
        switch self {
        case .proto, .newObj, .ext1, .ext2, .ext4, .tuple1, .tuple2, .tuple3, .newTrue, .newFalse, .long1, .long4:
            return 2
        case .binBytes, .shortBinBytes: return 3
        case .shortBinUnicode, .binUnicode8, .binBytes8, .emptySet, .addItems, .frozenSet, .newObjEx,
             .stackGlobal, .memoize, .frame:
            return 4
        case .byteArray8, .nextBuffer, .readonlyBuffer: return 5
        default: return 0
        }
    }
}

/// One decoded pickle instruction: its opcode, where it starts, and where its argument lies.
public struct PickleInstruction: Sendable {
    /// The opcode.
    public var opcode: PickleOpcode
    /// Absolute offset of the opcode byte.
    public var offset: Int
    /// An integer argument (`unsigned`, `int4`), the count of a counted argument, or 0.
    public var integer: Int64
    /// The argument's bytes: the line(s) without newlines (both lines joined by a newline for
    /// `twoLines`), or the counted bytes. Empty for fixed-width arguments.
    public var bytes: Range<Int>
    /// The second line of a two-line argument.
    public var secondLine: Range<Int>?
    /// For `binFloat`: the value.
    public var float: Double

    /// Decodes the instruction at `reader`'s cursor, which moves past it. Counted arguments are
    /// bounds-checked against the reader's range before anything is read; nothing is allocated.
    public static func decode(_ reader: inout ByteReader) throws -> PickleInstruction {
        let start = reader.offset
        let byte = try reader.u8()
        guard let opcode = PickleOpcode(rawValue: byte) else {
            throw reader.error("pickle-unknown-opcode", expected: "a pickle opcode",
                               found: "byte 0x\(String(byte, radix: 16))", at: start)
        }
        var instruction = PickleInstruction(opcode: opcode, offset: start, integer: 0,
                                            bytes: reader.offset..<reader.offset, secondLine: nil, float: 0)
        switch opcode.argument {
        case .none:
            break
        case .unsigned(let width):
            switch width {
            case 1: instruction.integer = Int64(try reader.u8())
            case 2: instruction.integer = Int64(try reader.u16())
            case 4: instruction.integer = Int64(try reader.u32())
            default:
                let value = try reader.u64()
                guard let fits = Int64(exactly: value) else {
                    throw reader.error("pickle-length-too-large", expected: "a length below 2^63", found: "\(value)", at: start + 1)
                }
                instruction.integer = fits
            }
        case .int4:
            instruction.integer = Int64(try reader.i32())
        case .float8:
            instruction.float = try reader.f64(.big)
        case .line:
            instruction.bytes = try line(&reader)
        case .twoLines:
            instruction.bytes = try line(&reader)
            instruction.secondLine = try line(&reader)
        case .counted(let width):
            let lengthAt = reader.offset
            let count: UInt64
            switch width {
            case 1: count = UInt64(try reader.u8())
            case 4: count = UInt64(try reader.u32())
            default: count = try reader.u64()
            }
            guard count <= UInt64(reader.remaining) else {
                throw reader.error("pickle-truncated", expected: "\(count) bytes of \(opcode) data",
                                   found: "\(reader.remaining) bytes left", at: lengthAt)
            }
            instruction.integer = Int64(count)
            instruction.bytes = try reader.slice(Int(count))
        case .countedSigned4:
            let lengthAt = reader.offset
            let count = try reader.i32()
            guard count >= 0 else {
                throw reader.error("pickle-negative-length", expected: "a non-negative length", found: "\(count)", at: lengthAt)
            }
            guard Int(count) <= reader.remaining else {
                throw reader.error("pickle-truncated", expected: "\(count) bytes of \(opcode) data",
                                   found: "\(reader.remaining) bytes left", at: lengthAt)
            }
            instruction.integer = Int64(count)
            instruction.bytes = try reader.slice(Int(count))
        }
        return instruction
    }

    private static func line(_ reader: inout ByteReader) throws -> Range<Int> {
        // No length limit: CPython's readline has none, and a line the machine refused would hide
        // what follows it from the judgement.
        let start = reader.offset
        let limit = reader.remaining
        let bytes = reader.file.bytes
        var end = start
        while end < start + limit, bytes[end] != 0x0a { end += 1 }
        guard end < start + limit else {
            throw reader.error("pickle-truncated", expected: "a newline-terminated argument", found: "no newline within \(limit) bytes",
                               at: start)
        }
        try reader.skip(end - start + 1)
        return start..<end
    }
}
