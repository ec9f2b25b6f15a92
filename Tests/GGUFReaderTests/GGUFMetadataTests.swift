import GGUFReader
import ModelArtifact
import Testing

@Suite struct GGUFMetadataTests {
    /// One KV of every value type, arrays included.
    static let everyType: [(String, GGUFBuilder.Value)] = [
        ("t.u8", .u8(200)), ("t.i8", .i8(-100)), ("t.u16", .u16(60000)), ("t.i16", .i16(-30000)),
        ("t.u32", .u32(4_000_000_000)), ("t.i32", .i32(-2_000_000_000)),
        ("t.u64", .u64(UInt64.max)), ("t.i64", .i64(Int64.min)),
        ("t.f32", .f32(1e-12)), ("t.f64", .f64(0.1)), ("t.bool", .bool(true)), ("t.string", .string("héllo")),
        ("t.strings", .array(8, [.string("a"), .string(""), .string("ccc")])),
        ("t.ints", .array(5, [.i32(1), .i32(-2), .i32(3)])),
        ("t.bools", .array(7, [.bool(false), .bool(true)])),
        ("t.nested", .array(9, [.array(8, [.string("x")]), .array(6, [.f32(1.5), .f32(2)])])),
        ("t.empty", .array(10, [])),
        ("t.after", .u8(7)),
    ]

    @Test func everyValueTypeParses() throws {
        let gguf = try GGUFFile.parse(GGUFBuilder(kv: Self.everyType).file())
        #expect(gguf.metadata.map(\.key) == Self.everyType.map(\.0))
        #expect(gguf["t.u8"] == .uint8(200))
        #expect(gguf["t.i8"] == .int8(-100))
        #expect(gguf["t.u16"] == .uint16(60000))
        #expect(gguf["t.i16"] == .int16(-30000))
        #expect(gguf["t.u32"] == .uint32(4_000_000_000))
        #expect(gguf["t.i32"] == .int32(-2_000_000_000))
        #expect(gguf["t.u64"] == .uint64(UInt64.max))
        #expect(gguf["t.i64"] == .int64(Int64.min))
        #expect(gguf["t.f32"] == .float32(1e-12))
        #expect(gguf["t.f64"] == .float64(0.1))
        #expect(gguf["t.bool"] == .bool(true))
        #expect(gguf["t.string"] == .string("héllo"))
        #expect(gguf["t.after"] == .uint8(7))
        let strings = try #require(gguf["t.strings"]?.arrayValue)
        #expect(strings.elementType == .string && strings.count == 3)
        #expect(gguf["t.empty"]?.arrayValue?.count == 0)
        #expect(gguf.findings.isEmpty)
    }

    @Test func arraysDecodeOnDemand() throws {
        let file = GGUFBuilder(kv: Self.everyType).file()
        let gguf = try GGUFFile.parse(file)
        let strings = try #require(gguf["t.strings"]?.arrayValue)
        #expect(try strings.values(in: file) == [.string("a"), .string(""), .string("ccc")])
        #expect(try strings.values(in: file, limit: 1) == [.string("a")])
        #expect(try gguf["t.ints"]?.arrayValue?.values(in: file) == [.int32(1), .int32(-2), .int32(3)])
        #expect(try gguf["t.bools"]?.arrayValue?.values(in: file) == [.bool(false), .bool(true)])
        let nested = try #require(gguf["t.nested"]?.arrayValue)
        #expect(nested.elementType == .array && nested.count == 2)
        let inner = try nested.values(in: file).compactMap(\.arrayValue)
        #expect(inner.map(\.elementType) == [.string, .float32])
        #expect(try inner[0].values(in: file) == [.string("x")])
        #expect(try inner[1].values(in: file) == [.float32(1.5), .float32(2)])
    }

    @Test func reportHoldsScalarsInFileOrderAndSummarisesArrays() throws {
        let report = try GGUFReader.read(GGUFBuilder(kv: Self.everyType).file())
        let metadata = try #require(report.metadata)
        #expect(metadata.keys == ["t.u8", "t.i8", "t.u16", "t.i16", "t.u32", "t.i32", "t.u64", "t.i64",
                                  "t.f32", "t.f64", "t.bool", "t.string", "t.after"])
        #expect(metadata["t.u64"] == .uint(UInt64.max))
        #expect(metadata["t.i64"] == .int(Int64.min))
        #expect(metadata["t.f32"] == .float(1e-12))
        #expect(metadata["t.bool"] == .bool(true))
        #expect(JSONWriter.string(.object(metadata), style: .compact).contains("\"t.f32\": 1e-12,"))
        let section = try #require(report.section(GGUFSection.self)?.json.objectValue)
        #expect(section["alignment"] == .int(32))
        let arrays = try #require(section["arrays"]?.objectValue)
        #expect(arrays.keys == ["t.strings", "t.ints", "t.bools", "t.nested", "t.empty"])
        #expect(arrays["t.strings"] == .object(["type": .string("STRING"), "count": .int(3)]))
        #expect(arrays["t.nested"] == .object(["type": .string("ARRAY"), "count": .int(2)]))
        #expect(report.format == .gguf && report.formatVersion == "3")
        #expect(report.tensors?.isEmpty == true)
    }

    @Test(arguments: [UInt32(2), 3]) func versionsTwoAndThree(version: UInt32) throws {
        let builder = GGUFBuilder(version: version, kv: [("general.architecture", .string("llama"))])
        let report = try GGUFReader.read(builder.file())
        #expect(report.formatVersion == String(version))
        #expect(report.metadata?["general.architecture"] == .string("llama"))
    }

    @Test func nestingUpToTheCapParses() throws {
        var value = GGUFBuilder.Value.array(4, [.u32(1)])
        for _ in 1..<8 { value = .array(9, [value]) }
        #expect(parseRule(GGUFBuilder(kv: [("deep", value)])) == nil)
        #expect(parseRule(GGUFBuilder(kv: [("deeper", .array(9, [value]))])) == "gguf-nesting-too-deep")
    }

    @Test func duplicateKeysAreAFindingAndTheFirstValueWins() throws {
        let builder = GGUFBuilder(kv: [("a", .u32(1)), ("b", .u32(2)), ("a", .u32(3))])
        let gguf = try GGUFFile.parse(builder.file())
        #expect(gguf["a"] == .uint32(1))
        #expect(gguf.metadata.count == 3)
        #expect(gguf.findings.map(\.code) == ["GGUF002"])
        let report = GGUFReader.report(gguf)
        #expect(report.metadata?.keys == ["a", "b"])
        #expect(report.metadata?["a"] == .int(1))
    }

    @Test func alignmentKeySetsTheDataOffset() throws {
        var builder = GGUFBuilder(kv: [("general.alignment", .u32(256))])
        builder.alignment = 256
        builder.tensors = [.init(name: "w", dims: [4], type: 0, length: 16)]
        let gguf = try GGUFFile.parse(builder.file())
        #expect(gguf.alignment == 256)
        #expect(gguf.dataOffset == 256)
        #expect(gguf.tensors[0].offset == 256)
    }

    @Test func largeVocabularyArraysAreCountedNotDecoded() throws {
        let tokens = (0..<150_000).map { GGUFBuilder.Value.string("token-\($0)-with-some-length") }
        let scores = [GGUFBuilder.Value](repeating: .f32(-1), count: 150_000)
        let types = [GGUFBuilder.Value](repeating: .i32(1), count: 150_000)
        let builder = GGUFBuilder(kv: [
            ("tokenizer.ggml.model", .string("gpt2")), ("tokenizer.ggml.tokens", .array(8, tokens)),
            ("tokenizer.ggml.scores", .array(6, scores)), ("tokenizer.ggml.token_type", .array(5, types)),
        ])
        let report = try GGUFReader.read(builder.file())
        let arrays = report.section(GGUFSection.self)?.json.objectValue?["arrays"]?.objectValue
        #expect(arrays?["tokenizer.ggml.tokens"] == .object(["type": .string("STRING"), "count": .int(150_000)]))
        #expect(arrays?["tokenizer.ggml.scores"]?.objectValue?["count"] == .int(150_000))
    }
}
