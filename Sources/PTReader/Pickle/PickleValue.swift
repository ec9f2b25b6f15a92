/// One value on the pickle machine's stack, in its memo, or inside a container.
///
/// Compound values are handles into the `PickleGraph` that owns them, never references: sharing
/// (DUP, memo GETs) copies a handle, so no input can make the machine copy a container, and
/// releasing a deeply nested graph never recurses.
enum PickleValue: Equatable {
    case none
    case bool(Bool)
    case int(Int64)
    /// An integer wider than 64 bits (LONG1/LONG4 or a long decimal line): only its size is kept.
    case bigInt(bytes: Int)
    case float(Double)
    /// Text, decoded on demand from its bytes in the pickle's file.
    case string(PickleText)
    /// Bytes (`BINBYTES`, `BYTEARRAY8`), where they lie in the pickle's file.
    case bytes(Range<Int>)
    /// A reference to `module.name`: index into `PickleGraph.globals`.
    case global(Int)
    /// Index into `PickleGraph.sequences`.
    case tuple(Int)
    /// Index into `PickleGraph.sequences`.
    case list(Int)
    /// Index into `PickleGraph.sequences` (a set or frozenset).
    case set(Int)
    /// Index into `PickleGraph.dicts`.
    case dict(Int)
    /// The inert record of a call or instantiation: index into `PickleGraph.objects`.
    case object(Int)
    /// A persistent id (`PERSID`, `BINPERSID`): index into `PickleGraph.persistent`.
    case persistent(Int)
    /// A value the machine cannot know, where a real unpickler would have failed (a memo slot
    /// never filled): index into `PickleGraph.unresolved`. Running on past it judges more than the
    /// loader would, never less.
    case unresolved(Int)
}

/// Text in a pickle, kept as the range of its bytes and how they are encoded.
struct PickleText: Equatable {
    /// How the bytes encode the text.
    enum Encoding: Equatable {
        /// UTF-8 (`BINUNICODE` and friends).
        case utf8
        /// Python 2 `str` bytes (`BINSTRING`, `SHORT_BINSTRING`): UTF-8 when valid, else Latin-1.
        case bytes
        /// The inside of a protocol-0 `STRING` literal, with Python backslash escapes.
        case escaped
        /// A protocol-0 `UNICODE` line: raw-unicode-escape (`\uXXXX`, `\UXXXXXXXX`).
        case rawUnicodeEscape
    }

    /// Where the bytes lie in the pickle's file.
    var range: Range<Int>
    /// Their encoding.
    var encoding: Encoding
}

/// A `module.name` the pickle refers to, and where.
struct PickleGlobal: Equatable {
    /// The module, as written in the pickle (`<computed>` when it is not a literal string).
    let module: String
    /// The qualified name, as written (it may hold dots: `Bdb.run`; `<computed>` when not a literal).
    let name: String
    /// Offset of the GLOBAL, STACK_GLOBAL, INST or EXT opcode in the pickle's file.
    var offset: Int
    /// `module.name`.
    let qualified: String
    /// For a global whose module or name is not a literal string (a STACK_GLOBAL over a call's
    /// result or an unresolved value, a copyreg extension code): what computes it. Never allowed.
    let computed: String?

    /// The placeholder for a module or name that is computed at load time.
    static let computedPart = "<computed>"

    init(module: String, name: String, offset: Int, computed: String? = nil) {
        self.module = module
        self.name = name
        self.offset = offset
        self.computed = computed
        qualified = module + "." + name
    }
}

/// How an object record came to be.
enum PickleCallKind: Equatable {
    /// `REDUCE`: `callee(*args)`.
    case reduce
    /// `NEWOBJ`/`NEWOBJ_EX`: `callee.__new__(callee, *args)`.
    case newObj
    /// `INST`/`OBJ`: a protocol-0/1 instantiation.
    case instantiate
}

/// The inert record of a call: what would be called, with what, and what was done to the result.
struct PickleObject {
    /// What kind of call it is.
    var kind: PickleCallKind
    /// The callable (usually a `.global`).
    var callee: PickleValue
    /// The positional arguments (usually a `.tuple`).
    var args: PickleValue
    /// Keyword arguments (`NEWOBJ_EX`), if any.
    var kwargs: PickleValue?
    /// Offset of the opcode that made the call.
    var offset: Int
    /// States given by `BUILD`, in order.
    var states: [PickleValue] = []
    /// Items set by `SETITEM`/`SETITEMS` on the result.
    var items: [(key: PickleValue, value: PickleValue)] = []
    /// Items added by `APPEND`/`APPENDS`/`ADDITEMS` on the result.
    var appended: [PickleValue] = []
}

/// A persistent id and where it was loaded.
struct PicklePersistent {
    /// The id (a tuple such as `("storage", torch.FloatStorage, "0", "cpu", 12)` in PyTorch files).
    var id: PickleValue
    /// Offset of the `PERSID`/`BINPERSID` opcode.
    var offset: Int
}
