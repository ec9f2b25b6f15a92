import GGUFReader
import ModelArtifact
import Testing
import TestSupport

@Suite struct GGUFHostileTests {
    typealias B = GGUFBuilder

    static func header(version: UInt32, rest: [UInt8] = []) -> MappedFile {
        var bytes: [UInt8] = Array("GGUF".utf8)
        bytes.le(version)
        bytes += [UInt8](repeating: 0, count: 16) + rest
        return MappedFile(bytes: bytes, name: "h.gguf")
    }

    @Test func badMagic() {
        #expect(thrownRule { _ = try GGUFReader.read(MappedFile(bytes: Array("GGUG\u{3}\0\0\0".utf8), name: "x")) }
                == "gguf-bad-magic")
        #expect(thrownRule { _ = try GGUFReader.read(MappedFile(bytes: [0x47, 0x47, 0x55], name: "x")) } == "truncated")
    }

    @Test func versionOneIsUnsupported() {
        #expect(thrownRule { _ = try GGUFFile.parse(Self.header(version: 1)) } == "gguf-unsupported-version")
        #expect(thrownRule { _ = try GGUFFile.parse(Self.header(version: 4)) } == "gguf-unsupported-version")
        #expect(thrownRule { _ = try GGUFFile.parse(Self.header(version: 0)) } == "gguf-unsupported-version")
    }

    @Test(arguments: [UInt32(2), 3]) func bigEndianIsDetected(version: UInt32) {
        #expect(thrownRule { _ = try GGUFFile.parse(Self.header(version: version.byteSwapped)) } == "gguf-big-endian")
    }

    @Test func hugeCounts() {
        #expect(parseRule(B(kvCountOverride: UInt64.max)) == "gguf-too-many-kv")
        #expect(parseRule(B(kv: [("a-long-key-name-here", .u8(1))], kvCountOverride: 2)) == "truncated")
        #expect(parseRule(B(tensorCountOverride: 1 << 40)) == "gguf-too-many-tensors")
        #expect(parseRule(B(kv: [("a", .array(0, []))], tensorCountOverride: 1)) == "gguf-too-many-tensors")
    }

    @Test func hugeArrayCount() {
        var payload: [UInt8] = []
        payload.le(UInt32(6))
        payload.le(UInt64(1) << 60)
        #expect(parseRule(B(kv: [("a", .raw(type: 9, payload: payload + [0, 0, 0, 0]))])) == "gguf-array-too-long")
        var strings: [UInt8] = []
        strings.le(UInt32(8))
        strings.le(UInt64(3))
        strings += [UInt8](repeating: 0, count: 20)  // room for two lengths only
        #expect(parseRule(B(kv: [("a", .raw(type: 9, payload: strings))])) == "gguf-array-too-long")
    }

    @Test func hugeStringLengths() {
        var huge: [UInt8] = []
        huge.le(UInt64.max)
        #expect(parseRule(B(kv: [("a", .raw(type: 8, payload: huge))])) == "gguf-string-too-long")
        var beyond: [UInt8] = []
        beyond.le(UInt64(1000))
        #expect(parseRule(B(kv: [("a", .raw(type: 8, payload: beyond + [1, 2, 3]))])) == "truncated")
        var array: [UInt8] = []
        array.le(UInt32(8))
        array.le(UInt64(1))
        array.le(UInt64(1) << 40)
        #expect(parseRule(B(kv: [("a", .raw(type: 9, payload: array))])) == "gguf-string-too-long")
        var cut: [UInt8] = []
        cut.le(UInt32(8))
        cut.le(UInt64(2))
        cut.ggufString("ok")
        cut.le(UInt64(100))
        cut += [1, 2, 3]
        #expect(parseRule(B(kv: [("a", .raw(type: 9, payload: cut))])) == "truncated")
        #expect(parseRule(B(kv: [(String(repeating: "k", count: 65_536), .u8(1))])) == "gguf-key-too-long")
        var bad = B().bytes()
        bad[8] = 1  // tensor count 1 with a name of length 2^64-1 would follow; give it one
        bad += [UInt8](repeating: 0xff, count: 8) + [UInt8](repeating: 0, count: 20)
        #expect(thrownRule { _ = try GGUFFile.parse(MappedFile(bytes: bad, name: "n")) } == "gguf-string-too-long")
    }

    @Test func nestingDepthIsCapped() {
        var value = B.Value.array(0, [])
        for _ in 0..<20 { value = .array(9, [value]) }
        #expect(parseRule(B(kv: [("deep", value)])) == "gguf-nesting-too-deep")
    }

    @Test func invalidBool() {
        #expect(parseRule(B(kv: [("b", .raw(type: 7, payload: [2]))])) == "gguf-invalid-bool")
        var array: [UInt8] = []
        array.le(UInt32(7))
        array.le(UInt64(3))
        array += [0, 1, 0xff]
        #expect(parseRule(B(kv: [("b", .raw(type: 9, payload: array))])) == "gguf-invalid-bool")
    }

    @Test func unknownValueTypes() {
        #expect(parseRule(B(kv: [("x", .raw(type: 13, payload: [0, 0, 0, 0]))])) == "gguf-unknown-value-type")
        #expect(parseRule(B(kv: [("x", .array(99, []))])) == "gguf-unknown-value-type")
    }

    @Test func invalidUTF8() {
        #expect(parseRule(B(kv: [("s", .raw(type: 8, payload: [1, 0, 0, 0, 0, 0, 0, 0, 0xff]))])) == "invalid-utf8")
    }

    @Test(arguments: [B.Value.u32(48), .u32(0), .u64(32), .string("32")])
    func badAlignment(value: B.Value) {
        #expect(parseRule(B(kv: [("general.alignment", value)])) == "gguf-bad-alignment")
    }

    static func oneTensor(dims: [UInt64] = [8], type: UInt32 = 0, length: Int = 32, offset: UInt64? = nil) -> B {
        var builder = B(kv: [("general.architecture", .string("t"))])
        builder.tensors = [.init(name: "w", dims: dims, type: type, length: length, offset: offset)]
        return builder
    }

    @Test func tensorRules() {
        #expect(parseRule(Self.oneTensor()) == nil)
        #expect(parseRule(Self.oneTensor(offset: 16)) == "gguf-misaligned-tensor")
        #expect(parseRule(Self.oneTensor(offset: 1 << 40)) == "gguf-tensor-out-of-bounds")
        #expect(parseRule(Self.oneTensor(offset: UInt64.max - 31)) == "gguf-tensor-out-of-bounds")
        var short = Self.oneTensor()
        short.trim = 1
        #expect(parseRule(short) == "gguf-tensor-out-of-bounds")
        #expect(parseRule(Self.oneTensor(type: 99)) == "gguf-unknown-ggml-type")
        #expect(parseRule(Self.oneTensor(type: 4)) == "gguf-unknown-ggml-type")
        #expect(parseRule(Self.oneTensor(type: 36)) == "gguf-unknown-ggml-type")
        #expect(parseRule(Self.oneTensor(dims: [1 << 63])) == "gguf-dims-overflow")
        #expect(parseRule(Self.oneTensor(dims: [1 << 32, 1 << 32])) == "gguf-dims-overflow")
        #expect(parseRule(Self.oneTensor(dims: [1 << 40, 1 << 21], type: 0)) == "gguf-dims-overflow")
        #expect(parseRule(Self.oneTensor(dims: [1, 1, 1, 1, 1, 1, 1, 1, 1])) == "gguf-too-many-dims")
        #expect(parseRule(Self.oneTensor(dims: [33], type: 2, length: 18)) == "gguf-row-not-block-multiple")
    }

    @Test func unknownTypeErrorNamesIt() throws {
        do {
            _ = try GGUFFile.parse(Self.oneTensor(type: 31).file())
            Issue.record("expected an error")
        } catch let error as ArtifactError {
            #expect(error.found.contains("31") && error.found.contains("Q4_0_4_4"))
        }
    }

    @Test func duplicateTensorNames() {
        var builder = Self.oneTensor()
        builder.tensors.append(builder.tensors[0])
        builder.tensors[1].offset = 32
        #expect(parseRule(builder) == "gguf-duplicate-tensor")
    }

    @Test func errorsCarryFileAndOffset() throws {
        do {
            _ = try GGUFFile.parse(Self.oneTensor(type: 99).file("bad.gguf"))
            Issue.record("expected an error")
        } catch let error as ArtifactError {
            #expect(error.file == "bad.gguf")
            #expect(error.offset != nil && error.offset! > 24)
        }
    }

    /// Every count, length and dimension at 2^63 - 1, 2^63 and 2^64 - 1 (and 2^32 - 1 for the
    /// 32-bit n_dims): an `ArtifactError` naming the rule, before anything of that size is
    /// allocated or walked, never an overflow trap.
    @Test(arguments: [UInt64(Int64.max), UInt64(1) << 63, UInt64.max])
    func countsAndLengthsNearTwoToThe64(_ big: UInt64) throws {
        #expect(parseRule(B(kvCountOverride: big)) == "gguf-too-many-kv")
        #expect(parseRule(B(tensorCountOverride: big)) == "gguf-too-many-tensors")
        // A metadata key, a string value, a tensor name of `big` bytes.
        var key: [UInt8] = Array("GGUF".utf8)
        key.le(UInt32(3))
        key.le(UInt64(0))
        key.le(UInt64(1))
        key.le(big)
        key += [0x6b, 0, 0, 0, 0]
        #expect(thrownRule { _ = try GGUFFile.parse(MappedFile(bytes: key, name: "k")) } == "gguf-key-too-long")
        var string: [UInt8] = []
        string.le(big)
        #expect(parseRule(B(kv: [("a", .raw(type: 8, payload: string + [0x61]))])) == "gguf-string-too-long")
        var name = B().bytes()
        name[8] = 1
        var tail: [UInt8] = []
        tail.le(big)
        name += tail + [UInt8](repeating: 0, count: 24)
        #expect(thrownRule { _ = try GGUFFile.parse(MappedFile(bytes: name, name: "n")) } == "gguf-string-too-long")
        // Arrays of `big` elements of every element type, and an array of arrays.
        for elementType in UInt32(0)...12 {
            var array: [UInt8] = []
            array.le(elementType)
            array.le(big)
            array += [0, 0, 0, 0, 0, 0, 0, 0]
            #expect(parseRule(B(kv: [("a", .raw(type: 9, payload: array))])) == "gguf-array-too-long", "type \(elementType)")
        }
        var inner: [UInt8] = []
        inner.le(UInt32(9))
        inner.le(UInt64(1))
        inner.le(UInt32(0))
        inner.le(big)
        #expect(parseRule(B(kv: [("a", .raw(type: 9, payload: inner + [0]))])) == "gguf-array-too-long")
        // One string element of `big` bytes inside an array of strings.
        var element: [UInt8] = []
        element.le(UInt32(8))
        element.le(UInt64(1))
        element.le(big)
        #expect(parseRule(B(kv: [("a", .raw(type: 9, payload: element + [0x61]))])) == "gguf-string-too-long")
        // Dimensions and data offsets.
        #expect(parseRule(Self.oneTensor(dims: [big])) == "gguf-dims-overflow")
        #expect(parseRule(Self.oneTensor(dims: [32, big])) == "gguf-dims-overflow")
        #expect(parseRule(Self.oneTensor(dims: [big, 1, 1, 1])) == "gguf-dims-overflow")
        let offsetRule = parseRule(Self.oneTensor(offset: big))
        #expect(offsetRule == "gguf-tensor-out-of-bounds" || offsetRule == "gguf-misaligned-tensor")
    }

    @Test func nDimsNearTwoToThe32() {
        for n in [UInt32.max, UInt32(1) << 31, UInt32(Int32.max)] {
            var bytes = B().bytes()
            bytes[8] = 1
            bytes.ggufString("w")
            bytes.le(n)
            bytes += [UInt8](repeating: 0, count: 32)
            #expect(thrownRule { _ = try GGUFFile.parse(MappedFile(bytes: bytes, name: "d")) } == "gguf-too-many-dims")
        }
    }
}
