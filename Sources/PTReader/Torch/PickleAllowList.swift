/// The globals a pickle may reference and still be judged safe: what `torch.load(weights_only=True)`
/// accepts (PyTorch `torch/_weights_only_unpickler.py`, `_get_allowed_globals`, expanded from its
/// loops over dtypes, tensor and storage classes), plus, inside a TorchScript archive, what
/// `torch.jit.load`'s own unpickler resolves without Python (`__torch__` classes and the
/// `torch.jit._pickle` helpers). Deny by default: everything else is reported.
///
/// This file is data: the single source of truth for the judgement.
public enum PickleAllowList {
    /// Where a pickle is read, which decides the extra names allowed.
    public enum Context: Sendable {
        /// `torch.save` archives, legacy files, bare pickles.
        case weightsOnly
        /// A TorchScript archive's pickles.
        case torchScript
    }

    /// Modules never allowed, even when a user allow-lists them (`_blocklisted_modules`).
    public static let blockedModules: Set<String> = ["sys", "os", "posix", "nt"]

    /// The fixed entries of `_get_allowed_globals`.
    static let fixed: [String] = [
        "collections.OrderedDict", "collections.Counter", "torch.nn.parameter.Parameter",
        "torch.serialization._get_layout", "torch.Size", "torch.Tensor", "torch.device",
        "_codecs.encode", "builtins.bytearray", "builtins.set", "builtins.complex",
        "torch._tensor._rebuild_from_type_v2",
    ]

    /// `_tensor_rebuild_functions`, in `torch._utils`.
    static let rebuildFunctions: [String] = [
        "_rebuild_parameter", "_rebuild_parameter_with_state", "_rebuild_qtensor", "_rebuild_tensor",
        "_rebuild_tensor_v2", "_rebuild_tensor_v3", "_rebuild_sparse_tensor", "_rebuild_meta_tensor_no_storage",
        "_rebuild_wrapper_subclass", "_rebuild_device_tensor_from_numpy", "_rebuild_device_tensor_from_cpu_tensor",
    ]

    /// `str(dtype)` for `_dtype_to_storage_type_map`, `_new_dtypes`, `uint1`…`uint7` and `int1`…`int7`.
    static let dtypes: [String] = [
        "float64", "float32", "float16", "int64", "int32", "int16", "int8", "uint8", "bool", "bfloat16",
        "complex128", "complex64", "qint8", "qint32", "quint8", "quint4x2", "quint2x4",
        "float8_e5m2", "float8_e4m3fn", "float8_e5m2fnuz", "float8_e4m3fnuz", "float8_e8m0fnu", "float4_e2m1fn_x2",
        "bits8", "bits16", "bits1x8", "bits2x4", "bits4x2", "complex32", "uint16", "uint32", "uint64",
    ] + (1...7).map { "uint\($0)" } + (1...7).map { "int\($0)" }

    /// The quantization schemes.
    static let qschemes: [String] = [
        "per_tensor_affine", "per_tensor_symmetric", "per_channel_affine", "per_channel_symmetric",
        "per_channel_affine_float_qparams",
    ]

    /// `torch._tensor_classes`: legacy tensor types of `all_declared_types()` (torch/csrc/utils/tensor_types.cpp).
    static let tensorClasses: [String] = {
        let scalars = ["Byte", "Char", "Double", "Float", "Int", "Long", "Short", "Half", "Bool", "BFloat16"]
        var names: [String] = []
        for module in ["torch", "torch.cuda", "torch.sparse", "torch.cuda.sparse"] {
            for scalar in scalars where !(scalar == "Bool" && module.hasSuffix("sparse")) {
                names.append("\(module).\(scalar)Tensor")
            }
        }
        return names
    }()

    /// `torch._storage_classes`: the legacy storage classes of `torch` and `torch.cuda`, and the two storage types.
    static let storageClasses: [String] = {
        let cpu = ["Double", "Float", "Long", "Int", "Short", "Char", "Byte", "Half", "Bool", "QUInt8", "QInt8",
                   "QInt32", "BFloat16", "ComplexFloat", "ComplexDouble", "QUInt4x2", "QUInt2x4"]
        let cuda = ["Double", "Float", "Long", "Int", "Short", "Char", "Byte", "Half", "Bool", "BFloat16",
                    "ComplexDouble", "ComplexFloat"]
        return cpu.map { "torch.\($0)Storage" } + cuda.map { "torch.cuda.\($0)Storage" }
            + ["torch.storage.UntypedStorage", "torch.storage.TypedStorage"]
    }()

    /// The helpers TorchScript's unpickler resolves itself (torch/csrc/jit/serialization/unpickler.cpp).
    static let torchScriptHelpers: [String] = [
        "torch.jit._pickle.build_intlist", "torch.jit._pickle.build_floatlist", "torch.jit._pickle.build_doublelist",
        "torch.jit._pickle.build_boollist", "torch.jit._pickle.build_tensorlist", "torch.jit._pickle.build_tensor_from_id",
        "torch.jit._pickle.restore_type_tag", "torch.jit._pickle.build_complexlist",
    ]

    /// Every name `torch.load(weights_only=True)` accepts.
    public static let weightsOnly: Set<String> = Set(
        fixed + rebuildFunctions.map { "torch._utils.\($0)" } + dtypes.map { "torch.\($0)" }
            + qschemes.map { "torch.\($0)" } + tensorClasses + storageClasses)

    /// Python 2 module renames applied before the check (torch `_utils.IMPORT_MAPPING`).
    static let importMapping: [String: String] = [
        "__builtin__": "builtins", "copy_reg": "copyreg", "Queue": "queue", "repr": "reprlib",
        "_abcoll": "collections.abc", "UserDict": "collections", "UserList": "collections",
        "UserString": "collections", "whichdb": "dbm", "StringIO": "io", "cStringIO": "io",
    ]

    /// Python 2 name renames applied before the check (torch `_utils.NAME_MAPPING`).
    static let nameMapping: [String: (String, String)] = [
        "__builtin__.xrange": ("builtins", "range"), "__builtin__.reduce": ("functools", "reduce"),
        "__builtin__.intern": ("sys", "intern"), "__builtin__.unichr": ("builtins", "chr"),
        "__builtin__.unicode": ("builtins", "str"), "__builtin__.long": ("builtins", "int"),
        "itertools.izip": ("builtins", "zip"), "itertools.imap": ("builtins", "map"),
        "itertools.ifilter": ("builtins", "filter"), "itertools.ifilterfalse": ("itertools", "filterfalse"),
        "itertools.izip_longest": ("itertools", "zip_longest"), "UserDict.IterableUserDict": ("collections", "UserDict"),
        "UserList.UserList": ("collections", "UserList"), "UserString.UserString": ("collections", "UserString"),
        "__builtin__.basestring": ("builtins", "str"), "exceptions.StandardError": ("builtins", "Exception"),
        "UserDict.UserDict": ("collections", "UserDict"),
    ]

    /// `module.name` after the Python 2 renames, as the weights-only unpickler looks it up.
    public static func canonical(module: String, name: String) -> String {
        if let (m, n) = nameMapping[module + "." + name] { return m + "." + n }
        return (importMapping[module] ?? module) + "." + name
    }

    /// True when `module.name` may be referenced in `context`.
    public static func allows(module: String, name: String, in context: Context) -> Bool {
        let full = canonical(module: module, name: name)
        let mappedModule = full.prefix { $0 != "." }
        if blockedModules.contains(String(mappedModule)) || blockedModules.contains(module) { return false }
        if weightsOnly.contains(full) { return true }
        guard context == .torchScript else { return false }
        return torchScriptHelpers.contains(full) || module == "__torch__" || module.hasPrefix("__torch__.")
    }
}
