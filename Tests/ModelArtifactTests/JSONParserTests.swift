import Testing
@testable import ModelArtifact

/// Parses `text` (as UTF-8) with `options`.
private func parse(_ text: String, options: JSONParser.Options = .init()) throws -> JSONValue {
    try JSONParser.parse(bytes: Array(text.utf8), options: options)
}

/// The `ArtifactError` parsing `bytes` throws, or nil (recording an issue) when it parses.
private func failure(_ bytes: [UInt8], options: JSONParser.Options = .init()) -> ArtifactError? {
    do {
        let value = try JSONParser.parse(bytes: bytes, options: options)
        Issue.record("parsed \(bytes) as \(value)")
    } catch let error as ArtifactError {
        return error
    } catch {
        Issue.record("not an ArtifactError: \(error)")
    }
    return nil
}

private func failure(_ text: String, options: JSONParser.Options = .init()) -> ArtifactError? {
    failure(Array(text.utf8), options: options)
}

@Suite struct JSONParserAcceptTests {
    @Test func nestedValues() throws {
        let value = try parse(#"{"a":[1,2,{"b":null}],"c":{"d":true,"e":false},"f":"x","g":[],"h":{}}"#)
        let expected: JSONValue = .object([
            "a": .array([.int(1), .int(2), .object(["b": .null])]),
            "c": .object(["d": .bool(true), "e": .bool(false)]),
            "f": .string("x"), "g": .array([]), "h": .object([:]),
        ])
        #expect(value == expected)
    }

    @Test func topLevelScalars() throws {
        #expect(try parse("true") == .bool(true))
        #expect(try parse("false") == .bool(false))
        #expect(try parse("null") == .null)
        #expect(try parse(#""""#) == .string(""))
        #expect(try parse("42") == .int(42))
    }

    @Test func whitespaceEverywhere() throws {
        let value = try parse(" \t\n\r{ \"a\" \t:\n[ 1 ,\r2 ] , \"b\" : { } , \"c\":[ ] }\r\n\t ")
        #expect(value == .object(["a": .array([.int(1), .int(2)]), "b": .object([:]), "c": .array([])]))
    }

    @Test func escapes() throws {
        #expect(try parse(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{8}\u{c}\n\r\t"))
        #expect(try parse(#""a\u0041\u00e9\u4E16b""#) == .string("aAé世b"))
        #expect(try parse(#""\u0000""#) == .string("\u{0}"))
        #expect(try parse(#""\u001f\u007F""#) == .string("\u{1f}\u{7f}"))
    }

    @Test func surrogatePairs() throws {
        #expect(try parse(#""\uD83C\uDF0D""#) == .string("🌍"))
        #expect(try parse(#""\ud83c\udf0d""#) == .string("🌍"))
        #expect(try parse(#""x\uD800\uDC00y""#) == .string("x\u{10000}y"))
        #expect(try parse(#""\uDBFF\uDFFF""#) == .string("\u{10FFFF}"))
    }

    @Test func rawUTF8AndDelete() throws {
        #expect(try parse("\"héllo 世界 🌍\"") == .string("héllo 世界 🌍"))
        #expect(try parse("\"a\u{7f}b\"") == .string("a\u{7f}b"))
        #expect(try parse("\"é\\n🌍\"") == .string("é\n🌍"))
    }

    @Test func numbers() throws {
        let cases: [(String, JSONValue)] = [
            ("0", .int(0)), ("-0", .int(0)), ("1", .int(1)), ("-1", .int(-1)), ("1234567890", .int(1_234_567_890)),
            ("9223372036854775807", .int(.max)), ("-9223372036854775808", .int(.min)),
            ("9223372036854775808", .uint(9_223_372_036_854_775_808)), ("18446744073709551615", .uint(.max)),
            ("18446744073709551616", .double(18_446_744_073_709_551_616)),
            ("-9223372036854775809", .double(-9_223_372_036_854_775_808)),
            ("1.5", .double(1.5)), ("-0.5", .double(-0.5)), ("0.0", .double(0)), ("1e3", .double(1000)),
            ("1E+3", .double(1000)), ("1e-3", .double(0.001)), ("2.5E-2", .double(0.025)),
            ("123.456e7", .double(1_234_560_000)), ("1e-400", .double(0)), ("1.7976931348623157e308", .double(.greatestFiniteMagnitude)),
            ("5e-324", .double(.leastNonzeroMagnitude)), ("0e0", .double(0)), ("-0.0", .double(-0.0)),
        ]
        for (text, expected) in cases {
            #expect(try parse(text) == expected, "\(text)")
            #expect(try parse("[\(text)]") == .array([expected]), "[\(text)]")
        }
    }

    @Test func keyOrderIsPreserved() throws {
        let value = try parse(#"{"z":1,"a":2,"m":{"y":0,"b":0,"x":0},"b":3}"#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["z", "a", "m", "b"])
        #expect(object["m"]?.objectValue?.keys == ["y", "b", "x"])
    }

    @Test func duplicateKeysAcceptedWhenAllowed() throws {
        let value = try parse(#"{"a":1,"b":2,"a":3}"#, options: .init(rejectDuplicateKeys: false))
        let object = try #require(value.objectValue)
        #expect(object.keys == ["a", "b", "a"])
        #expect(object.entries.map(\.value) == [.int(1), .int(2), .int(3)])
        #expect(object["a"] == .int(1))
    }

    @Test func depthUpToTheCap() throws {
        let deep = String(repeating: "[", count: 128) + String(repeating: "]", count: 128)
        #expect(throws: Never.self) { try parse(deep) }
        let objects = String(repeating: #"{"a":"#, count: 128) + "1" + String(repeating: "}", count: 128)
        #expect(throws: Never.self) { try parse(objects) }
        #expect(try parse("[[1]]", options: .init(maxDepth: 2)) == .array([.array([.int(1)])]))
        #expect(try parse("7", options: .init(maxDepth: 0)) == .int(7))
        // Siblings do not add up: depth is nesting, not the count of containers.
        let wide = "[" + Array(repeating: "[[]]", count: 500).joined(separator: ",") + "]"
        #expect(throws: Never.self) { try parse(wide, options: .init(maxDepth: 3)) }
    }

    @Test func parsesOnlyTheReadersRange() throws {
        let file = MappedFile(bytes: Array(#"xx{"a":1}garbage"#.utf8), name: "f")
        var r = file.reader(0..<9)
        try r.skip(2)
        #expect(try JSONParser.parse(r) == .object(["a": .int(1)]))
    }
}

@Suite struct JSONParserRejectTests {
    /// Input, expected rule, expected byte offset.
    static let cases: [(String, String, Int)] = [
        // Trailing commas.
        ("[1,]", "json-unexpected-character", 3),
        ("[1,2,]", "json-unexpected-character", 5),
        (#"{"a":1,}"#, "json-expected-key", 7),
        ("[,]", "json-unexpected-character", 1),
        // Comments.
        ("// c\n1", "json-unexpected-character", 0),
        ("/* c */ 1", "json-unexpected-character", 0),
        ("[1 /* c */]", "json-expected-comma", 3),
        (#"{"a":1 # c"#, "json-expected-comma", 7),
        // NaN and infinities.
        ("NaN", "json-unexpected-character", 0),
        ("[NaN]", "json-unexpected-character", 1),
        ("nan", "json-invalid-literal", 0),
        ("-NaN", "json-invalid-number", 0),
        ("Infinity", "json-unexpected-character", 0),
        ("-Infinity", "json-invalid-number", 0),
        ("1e400", "json-invalid-number", 0),
        ("[-1e400]", "json-invalid-number", 1),
        // Leading zeros and other malformed numbers.
        ("01", "json-invalid-number", 0),
        ("-01", "json-invalid-number", 0),
        ("00", "json-invalid-number", 0),
        ("[1, 012]", "json-invalid-number", 4),
        ("1.", "json-invalid-number", 0),
        (".5", "json-unexpected-character", 0),
        ("1e", "json-invalid-number", 0),
        ("1e+", "json-invalid-number", 0),
        ("1.e5", "json-invalid-number", 0),
        ("+1", "json-unexpected-character", 0),
        ("- 1", "json-invalid-number", 0),
        ("-", "json-invalid-number", 0),
        ("0x10", "json-trailing-characters", 1),
        ("1.5.2", "json-trailing-characters", 3),
        // Lone surrogates.
        (#""\uD800""#, "json-lone-surrogate", 1),
        (#""\uDC00""#, "json-lone-surrogate", 1),
        (#""ab\uD83D""#, "json-lone-surrogate", 3),
        (#""\uD800\u0041""#, "json-lone-surrogate", 1),
        (#""\uD800\uD800""#, "json-lone-surrogate", 1),
        (#""\uD800\n""#, "json-lone-surrogate", 1),
        (#""\uDFFF\uD800""#, "json-lone-surrogate", 1),
        // Bad escapes.
        (#""\x""#, "json-invalid-escape", 1),
        (#""a\'""#, "json-invalid-escape", 2),
        (#""a\u00"x"#, "json-invalid-escape", 6),
        (#""\u12G4""#, "json-invalid-escape", 5),
        (#""\U0041""#, "json-invalid-escape", 1),
        // Raw control characters in strings.
        ("\"a\tb\"", "json-control-character", 2),
        ("\"a\nb\"", "json-control-character", 2),
        ("\"\u{0}\"", "json-control-character", 1),
        ("\"\u{1f}\"", "json-control-character", 1),
        ("\"\\n\u{1}\"", "json-control-character", 3),
        ("[\"ok\",\"x\u{8}\"]", "json-control-character", 8),
        // Unterminated strings.
        (#""abc"#, "json-unterminated-string", 0),
        (#"["abc"#, "json-unterminated-string", 1),
        (#"{"a":"b"#, "json-unterminated-string", 5),
        (#""ab\"c"#, "json-unterminated-string", 0),
        (#""ab\n"#, "json-unterminated-string", 0),
        (#""ab\"#, "json-unterminated-string", 0),
        (#""\u12"#, "json-unterminated-string", 0),
        (#""\uD83C\"#, "json-unterminated-string", 0),
        (#""\uD83C\uDF"#, "json-unterminated-string", 0),
        ("\"", "json-unterminated-string", 0),
        // Trailing characters.
        ("{} x", "json-trailing-characters", 3),
        ("1 2", "json-trailing-characters", 2),
        ("{}}", "json-trailing-characters", 2),
        (#""a""b""#, "json-trailing-characters", 3),
        ("[]\u{0}", "json-trailing-characters", 2),
        ("truex", "json-trailing-characters", 4),
        // Truncated documents.
        ("", "json-truncated", 0),
        ("  \n ", "json-truncated", 4),
        ("[", "json-truncated", 1),
        ("[1", "json-truncated", 2),
        ("[1,", "json-truncated", 3),
        (#"{"a""#, "json-truncated", 4),
        (#"{"a":"#, "json-truncated", 5),
        (#"{"a":1"#, "json-truncated", 6),
        ("{", "json-truncated", 1),
        ("{ ", "json-truncated", 2),
        (#"{"a":1,"#, "json-truncated", 7),
        (#""\uD83C"#, "json-unterminated-string", 0),
        // Other structure.
        ("tr", "json-invalid-literal", 0),
        ("[tru]", "json-invalid-literal", 1),
        ("nul", "json-invalid-literal", 0),
        ("True", "json-unexpected-character", 0),
        (#"{"a" 1}"#, "json-expected-colon", 5),
        (#"{"a"=1}"#, "json-expected-colon", 4),
        ("{1:2}", "json-expected-key", 1),
        ("{a:1}", "json-expected-key", 1),
        ("{'a':1}", "json-expected-key", 1),
        ("[1 2]", "json-expected-comma", 3),
        (#"{"a":1 "b":2}"#, "json-expected-comma", 7),
        (#"{"a":1;"b":2}"#, "json-expected-comma", 6),
        ("[1}", "json-expected-comma", 2),
        (#"{"a":1]"#, "json-expected-comma", 6),
        ("'a'", "json-unexpected-character", 0),
        ("\u{FEFF}{}", "json-unexpected-character", 0),
        ("\u{0C}1", "json-unexpected-character", 0),
        ("\u{0B}1", "json-unexpected-character", 0),
        // Duplicate keys: the first repeat, at its opening quote.
        (#"{"a":1,"a":2}"#, "json-duplicate-key", 7),
        (#"{"a":1,"b":{"c":1,"c":2}}"#, "json-duplicate-key", 18),
        (#"{"\u0061":1,"a":2}"#, "json-duplicate-key", 12),
    ]

    @Test(arguments: cases)
    func rejects(text: String, rule: String, offset: Int) {
        let error = failure(text)
        #expect(error?.rule == rule, "\(text.debugDescription): \(String(describing: error))")
        #expect(error?.offset == offset, "\(text.debugDescription): \(String(describing: error))")
        #expect(error?.file == "<json>")
    }

    /// Fixed: invalid UTF-8 in an escape-free string surfaced the ByteReader rule `invalid-utf8`
    /// without the `json-` prefix every parser rule has.
    @Test func invalidUTF8InStrings() {
        for (bytes, offset) in [([0x22, 0xff, 0x22], 0), ([0x5b, 0x22, 0x61, 0xc3, 0x22, 0x5d], 1),
                                ([0x22, 0x5c, 0x6e, 0xed, 0xa0, 0x80, 0x22], 0)] as [([UInt8], Int)] {
            let error = failure(bytes)
            #expect(error?.rule == "json-invalid-utf8", "\(bytes)")
            #expect(error?.offset == offset, "\(bytes)")
        }
        #expect(failure([0xff])?.rule == "json-unexpected-character")
    }

    @Test func depthBeyondTheCap() {
        let deep = String(repeating: "[", count: 129) + String(repeating: "]", count: 129)
        let error = failure(deep)
        #expect(error?.rule == "json-too-deep")
        #expect(error?.offset == 128)
        let objects = String(repeating: #"{"a":"#, count: 129) + "1" + String(repeating: "}", count: 129)
        #expect(failure(objects)?.rule == "json-too-deep")
        #expect(failure("[[[1]]]", options: .init(maxDepth: 2))?.offset == 2)
        #expect(failure("[]", options: .init(maxDepth: 0))?.rule == "json-too-deep")
        // Far beyond the cap, hostile nesting is refused without exhausting the stack.
        #expect(failure(String(repeating: "[", count: 100_000))?.rule == "json-too-deep")
    }

    @Test func aMillionDeepIsAnErrorNamingFileOffsetAndRule() throws {
        for open in ["[", #"{"k":"#] {
            let deep = String(repeating: open, count: 1_000_000) + "1" + String(repeating: open == "[" ? "]" : "}", count: 1_000_000)
            do {
                _ = try JSONParser.parse(bytes: Array(deep.utf8), name: "config.json", what: "config.json")
                Issue.record("parsed")
            } catch let error as ArtifactError {
                #expect(error.rule == "json-too-deep" && error.file == "config.json")
                #expect(error.offset == 128 * open.utf8.count)
            }
            let wrapped = try JSONParser.parseObjectWithKeyOffsets(
                MappedFile(bytes: Array(#"{"a":1}"#.utf8), name: "h").reader())
            #expect(wrapped.0.count == 1)
            #expect(throws: ArtifactError.self) {
                _ = try JSONParser.parseObjectWithKeyOffsets(MappedFile(bytes: Array(("{\"a\":" + deep + "}").utf8), name: "h").reader())
            }
        }
    }

    @Test func hugeFlatValuesStopAtTheValueCap() {
        let options = JSONParser.Options(maxValues: 1000)
        let array = "[" + Array(repeating: "0", count: 1000).joined(separator: ",") + "]"
        let error = failure(array, options: options)
        #expect(error?.rule == "json-too-many-values")
        #expect(error?.offset == 1 + 2 * 999)
        let object = "{" + (0..<1000).map { "\"k\($0)\":[]" }.joined(separator: ",") + "}"
        #expect(failure(object, options: options)?.rule == "json-too-many-values")
        #expect(throws: Never.self) { try parse("[" + Array(repeating: "0", count: 999).joined(separator: ",") + "]", options: options) }
        // The default cap, 4 Mi values: five million zeros are refused, not held.
        let zeros = [UInt8(ascii: "[")] + [UInt8](repeating: 0, count: 5_000_000 * 2 - 1).enumerated().map {
            $0.offset % 2 == 0 ? UInt8(ascii: "0") : UInt8(ascii: ",")
        } + [UInt8(ascii: "]")]
        #expect(failure(zeros)?.rule == "json-too-many-values")
    }

    @Test func errorOffsetsAreAbsoluteInTheFile() throws {
        var bytes: [UInt8] = [13, 0, 0, 0, 0, 0, 0, 0]
        bytes += Array(#"{"a":[1,01]} "#.utf8)
        bytes += [0xde, 0xad]
        let file = MappedFile(bytes: bytes, name: "model.safetensors")
        let error = #expect(throws: ArtifactError.self) {
            try JSONParser.parse(file.reader(8..<21), what: "the safetensors header")
        }
        #expect(error?.rule == "json-invalid-number")
        #expect(error?.offset == 8 + 8)
        #expect(error?.file == "model.safetensors")
        #expect(error?.expected.hasSuffix("in the safetensors header") == true)
    }

    @Test func duplicateKeyOffsetNamesTheRepeat() {
        let text = #"{"weight": {"dtype": "F32"}, "bias": 1, "weight": 2}"#
        let error = failure(text)
        #expect(error?.rule == "json-duplicate-key")
        let offset = Array(text.utf8).indices.filter { Array(text.utf8)[$0...].starts(with: Array(#""weight""#.utf8)) }.last
        #expect(error?.offset == offset)
        #expect(error?.found == #""weight" again"#)
    }

    /// Every prefix of a sample document is refused with a parser rule; none traps.
    @Test func everyTruncationOfASampleThrows() {
        let sample = JSONSamples.header
        for cut in 0..<sample.count {
            let error = failure(Array(sample[..<cut]))
            let rules = ["json-truncated", "json-unterminated-string", "json-invalid-number", "json-invalid-literal"]
            #expect(error.map { rules.contains($0.rule) } == true, "cut at \(cut): \(String(describing: error))")
            #expect(error.flatMap(\.offset).map { $0 <= cut } == true, "cut at \(cut)")
        }
    }
}

/// Documents shared by the parser and writer tests.
enum JSONSamples {
    /// A safetensors-like header with metadata, escapes, every number form and nesting.
    static let header: [UInt8] = Array("""
        {"__metadata__": {"format": "pt", "note": "caf\\u00e9 \\ud83c\\udf0d \\"q\\" \\\\ \\/ \\b\\f\\n\\r\\t"},
         "model.embed.weight": {"dtype": "BF16", "shape": [32000, 4096], "data_offsets": [0, 262144000]},
         "model.layers.0.attn.q.weight": {"dtype": "F8_E4M3", "shape": [4096, 4096], "data_offsets": [262144000, 278921216]},
         "scale": {"dtype": "F32", "shape": [], "data_offsets": [278921216, 278921220]},
         "x": [true, false, null, -0, 1.5e-12, 18446744073709551615, -9223372036854775808, 0.25E+2, "é🌍"]}
        """.utf8)
}
