import GGUFReader
import ModelArtifact
import TestSupport

/// Builds GGUF files in memory for tests, including deliberately broken ones.
struct GGUFBuilder {
    /// A metadata value as written; the `raw…` cases write fields a valid writer never would.
    indirect enum Value {
        case u8(UInt8), i8(Int8), u16(UInt16), i16(Int16), u32(UInt32), i32(Int32), u64(UInt64), i64(Int64)
        case f32(Float), f64(Double), bool(Bool), string(String)
        /// An array of `type` (a `GGUFValueType` raw value) holding `items`.
        case array(UInt32, [Value])
        /// A value with any type tag and any payload bytes.
        case raw(type: UInt32, payload: [UInt8])

        var typeID: UInt32 {
            switch self {
            case .u8: return 0
            case .i8: return 1
            case .u16: return 2
            case .i16: return 3
            case .u32: return 4
            case .i32: return 5
            case .f32: return 6
            case .bool: return 7
            case .string: return 8
            case .array: return 9
            case .u64: return 10
            case .i64: return 11
            case .f64: return 12
            case .raw(let type, _): return type
            }
        }

        /// Writes the payload (without the type tag).
        func write(into out: inout [UInt8]) {
            switch self {
            case .u8(let v): out.append(v)
            case .i8(let v): out.append(UInt8(bitPattern: v))
            case .u16(let v): out.le(v)
            case .i16(let v): out.le(v)
            case .u32(let v): out.le(v)
            case .i32(let v): out.le(v)
            case .u64(let v): out.le(v)
            case .i64(let v): out.le(v)
            case .f32(let v): out.le(v.bitPattern)
            case .f64(let v): out.le(v.bitPattern)
            case .bool(let v): out.append(v ? 1 : 0)
            case .string(let s): out.ggufString(s)
            case .array(let type, let items):
                out.le(type)
                out.le(UInt64(items.count))
                for item in items { item.write(into: &out) }
            case .raw(_, let payload): out += payload
            }
        }
    }

    /// A tensor info, and the data bytes the builder lays out for it.
    struct Tensor {
        var name: String
        var dims: [UInt64]
        var type: UInt32
        /// Bytes of data to reserve for it in the data section.
        var length: Int
        /// The offset to write; nil lays tensors out back to back, aligned.
        var offset: UInt64?
    }

    var version: UInt32 = 3
    var kv: [(String, Value)] = []
    var tensors: [Tensor] = []
    /// The alignment used to lay out data (set `general.alignment` in `kv` to change the file's).
    var alignment = 32
    var tensorCountOverride: UInt64?
    var kvCountOverride: UInt64?
    /// Bytes cut from the end of the finished file.
    var trim = 0

    /// The bytes of the file.
    func bytes() -> [UInt8] {
        var out: [UInt8] = Array("GGUF".utf8)
        out.le(version)
        out.le(tensorCountOverride ?? UInt64(tensors.count))
        out.le(kvCountOverride ?? UInt64(kv.count))
        for (key, value) in kv {
            out.ggufString(key)
            out.le(value.typeID)
            value.write(into: &out)
        }
        var next: UInt64 = 0
        var placed: [(offset: UInt64, length: Int)] = []
        for tensor in tensors {
            let offset = tensor.offset ?? next
            placed.append((offset, tensor.length))
            next = Self.align(offset &+ UInt64(tensor.length), alignment)
            out.ggufString(tensor.name)
            out.le(UInt32(tensor.dims.count))
            for dim in tensor.dims { out.le(dim) }
            out.le(tensor.type)
            out.le(offset)
        }
        if !tensors.isEmpty {
            let dataStart = Int(Self.align(UInt64(out.count), alignment))
            out += [UInt8](repeating: 0, count: dataStart - out.count)
            let end = placed.filter { $0.offset < 1 << 20 }.map { Int($0.offset) + $0.length }.max() ?? 0
            out += [UInt8](repeating: 0xA5, count: end)
        }
        return Array(out.dropLast(min(trim, out.count)))
    }

    /// The file wrapped as a `MappedFile`.
    func file(_ name: String = "test.gguf") -> MappedFile {
        MappedFile(bytes: bytes(), name: name)
    }

    static func align(_ n: UInt64, _ a: Int) -> UInt64 {
        (n &+ UInt64(a) &- 1) / UInt64(a) &* UInt64(a)
    }
}

extension Array where Element == UInt8 {
    /// Appends `value` little-endian.
    mutating func le<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    /// Appends a `gguf_string_t`.
    mutating func ggufString(_ s: String) {
        le(UInt64(s.utf8.count))
        append(contentsOf: s.utf8)
    }
}

/// The rule `GGUFFile.parse` throws for the builder's file, or nil.
func parseRule(_ builder: GGUFBuilder) -> String? {
    thrownRule { _ = try GGUFFile.parse(builder.file()) }
}
