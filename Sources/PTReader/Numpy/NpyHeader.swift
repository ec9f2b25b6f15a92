import ModelArtifact

/// The header of a NumPy `.npy` array (numpy/lib/format.py): the magic `\x93NUMPY`, a major and
/// minor version, the header's length (2 bytes for version 1, 4 for 2 and 3), then a Python dict
/// literal with `descr`, `fortran_order` and `shape`; the array's bytes follow.
struct NpyHeader {
    /// The format version.
    var major: UInt8, minor: UInt8
    /// The header dict, when it parses.
    var dict: PythonLiteral?
    /// Where the array's bytes start.
    var payload: Int

    /// Reads the header of `file`; throws when it is cut short.
    init(_ file: MappedFile) throws {
        var r = file.reader()
        try r.skip(FormatSignatures.npy.count, what: "the NumPy magic")
        major = try r.u8()
        minor = try r.u8()
        let length = major == 1 ? Int(try r.u16()) : Int(try r.u32())
        let text = try r.slice(length, what: "the NumPy header")
        dict = PythonLiteral.parse(Array(try r.buffer(text)))
        payload = text.upperBound
    }

    /// The `descr` value.
    var descr: PythonLiteral? { dict?["descr"] }

    /// True when the dtype holds Python objects (`dtype.hasobject`): a type string `O` (with or
    /// without a byte-order mark or size), or a structured dtype with such a field anywhere; nil
    /// when the header does not say (it does not parse), which the gate treats as possible.
    var holdsObjects: Bool? {
        guard let descr else { return nil }
        return Self.holdsObjects(descr)
    }

    static func holdsObjects(_ descr: PythonLiteral) -> Bool {
        switch descr {
        case .string(let type):
            let code = type.drop { "<>|=!".contains($0) }
            return code.hasPrefix("O") || code == "object"
        case .sequence(let fields):
            // A structured dtype: (name, dtype[, shape]) per field; a sub-array: (dtype, shape).
            return fields.contains { field in
                guard case .sequence(let parts) = field else { return holdsObjects(field) }
                if parts.count >= 2, case .string = parts[0] { return holdsObjects(parts[1]) }
                if parts.count >= 2, case .sequence = parts[0] { return holdsObjects(parts[1]) }
                return parts.contains(where: holdsObjects)
            }
        default:
            return false
        }
    }
}
