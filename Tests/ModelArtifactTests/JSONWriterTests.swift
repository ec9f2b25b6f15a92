import Testing
import TestSupport
@testable import ModelArtifact

/// Parses the writer's text back.
private func reparse(_ text: String) throws -> JSONValue {
    try JSONParser.parse(bytes: Array(text.utf8))
}

private let styles: [JSONWriter.Style] = [
    .compact, .pretty(), .pretty(indent: 2, inlineWidth: 0), .pretty(indent: 4, inlineWidth: 20), .pretty(indent: 0),
]

@Suite struct JSONWriterTests {
    /// Values that parse back to exactly themselves (integers above `Int64.max` as `.uint`, the rest as `.int`).
    static let values: [JSONValue] = [
        .null, .bool(true), .bool(false), .int(0), .int(-1), .int(.max), .int(.min),
        .uint(UInt64(Int64.max) + 1), .uint(.max),
        .double(1.5), .double(-0.25), .double(1e-12), .double(1e300), .double(-1e-300), .double(0.1),
        .double(123_456_789.125), .double(1e16), .double(2.5e-8), .double(.greatestFiniteMagnitude),
        .double(.leastNonzeroMagnitude), .double(.leastNormalMagnitude), .double(0), .double(-0.0), .double(3),
        .string(""), .string("plain"), .string("quote \" backslash \\ slash /"), .string("\n\r\t\u{8}\u{c}"),
        .string("\u{0}\u{1}\u{1f}\u{7f}"), .string("héllo 世界 🌍 \u{10FFFF}"), .string("\u{2028}\u{2029}"),
        .array([]), .object([:]), .array([.array([]), .object([:])]),
        .object(["z": .int(1), "a": .int(2), "m": .array([.int(3), .string("x")])]),
        .object(["name": .string("w"), "dtype": .string("F32"), "shape": .array([.int(2), .string("batch"), .null]),
                 "offset": .int(0), "length": .int(8)]),
        .object(["key with \"quotes\"": .string("v"), "": .null, "é🌍": .bool(true), "\u{0}": .int(1)]),
        .object(["deep": .object(["er": .array([.object(["est": .array([.array([.int(1)])])])])])]),
        .array((0..<100).map { .int(Int64($0) * 1_000_003) }),
        .array((0..<40).map { .object(["name": .string("layer.\($0).weight"), "shape": .array([.int(Int64($0)), .int(4096)])]) }),
    ]

    @Test(arguments: values)
    func roundTrip(value: JSONValue) throws {
        for style in styles {
            let text = JSONWriter.string(value, style: style)
            #expect(try reparse(text) == value, "\(text)")
        }
    }

    @Test func roundTripOfTheSampleHeader() throws {
        let value = try JSONParser.parse(bytes: JSONSamples.header)
        for style in styles {
            #expect(try reparse(JSONWriter.string(value, style: style)) == value)
        }
    }

    @Test func randomValuesRoundTrip() throws {
        var random = SplitMix64(seed: 0x5eed_0001)
        for _ in 0..<300 {
            let value = random.jsonValue(depth: 4)
            for style in styles {
                let text = JSONWriter.string(value, style: style)
                #expect(try reparse(text) == value, "\(text)")
            }
        }
    }

    @Test func escaping() {
        var out = ""
        JSONWriter.writeString("a\"b\\c/d\ne\rf\tg\u{8}h\u{c}i\u{0}j\u{1f}k\u{7f}é🌍", into: &out)
        #expect(out == #""a\"b\\c/d\ne\rf\tg\u0008h\u000ci\u0000j\u001fk"# + "\u{7f}é🌍\"")
        #expect(JSONWriter.string(.object(["k\"ey": .string("\n")]), style: .compact) == #"{"k\"ey": "\n"}"#)
        out = "prefix "
        JSONWriter.writeString("", into: &out)
        #expect(out == #"prefix """#)
    }

    @Test func numbersPrintShortest() {
        #expect(JSONWriter.string(.float(1e-12)) == "1e-12")
        #expect(JSONWriter.string(.float(0.1)) == "0.1")
        #expect(JSONWriter.string(.float(3)) == "3.0")
        #expect(JSONWriter.string(.double(1e-12)) == "1e-12")
        #expect(JSONWriter.string(.double(0.1)) == "0.1")
        #expect(JSONWriter.string(.double(Double(Float(0.1)))) == "0.10000000149011612")
        #expect(JSONWriter.string(.int(-42)) == "-42")
        #expect(JSONWriter.string(.uint(.max)) == "18446744073709551615")
    }

    @Test func floatsParseBackAsTheSameJSON() throws {
        for float in [Float(1e-12), 0.1, 3, -2.5e30, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 16_777_216] {
            let back = try reparse(JSONWriter.string(.float(float)))
            #expect(back.isSameJSON(as: .float(float)), "\(float) came back as \(back)")
            #expect(back.doubleValue.map { Float($0) } == float)
        }
    }

    @Test func nonFiniteNumbersBecomeNull() {
        for value: JSONValue in [.double(.nan), .double(.infinity), .double(-.infinity), .float(.nan), .float(.infinity)] {
            #expect(JSONWriter.string(value) == "null")
            #expect(JSONWriter.string(.array([value]), style: .compact) == "[null]")
        }
    }

    @Test func compactIsOneLine() {
        let value: JSONValue = .object(["a": .array([.int(1), .int(2)]), "b": .object(["c": .null]), "d": .string("x\ny")])
        let text = JSONWriter.string(value, style: .compact)
        #expect(text == #"{"a": [1, 2], "b": {"c": null}, "d": "x\ny"}"#)
        #expect(!text.contains("\n"))
    }

    @Test func prettyKeepsSmallObjectsOnOneLine() {
        let small: JSONValue = .object(["name": .string("input"), "dtype": .string("F32"), "shape": .array([.string("batch"), .int(512)])])
        #expect(JSONWriter.string(small) == #"{"name": "input", "dtype": "F32", "shape": ["batch", 512]}"#)
        let report: JSONValue = .object([
            "schema": .string("s"),
            "tensors": .array([
                .object(["name": .string("a"), "shape": .array([.int(1), .int(2)])]),
                .object(["name": .string("b"), "shape": .array([])]),
            ]),
            "metadata": .object([:]),
            "findings": .array([]),
        ])
        #expect(JSONWriter.string(report) == """
            {
             "schema": "s",
             "tensors": [
              {"name": "a", "shape": [1, 2]},
              {"name": "b", "shape": []}
             ],
             "metadata": {},
             "findings": []
            }
            """)
    }

    @Test func prettyBreaksWhatIsWiderThanTheLimit() {
        let value: JSONValue = .object(["tensor": .object(["name": .string("a.long.name"), "shape": .array([.int(1), .int(2)])])])
        #expect(JSONWriter.string(value, style: .pretty(indent: 2, inlineWidth: 12)) == """
            {
              "tensor": {
                "name": "a.long.name",
                "shape": [1, 2]
              }
            }
            """)
        let list: JSONValue = .array([.int(100), .int(200), .int(300)])
        #expect(JSONWriter.string(list, style: .pretty(indent: 1, inlineWidth: 5)) == "[\n 100,\n 200,\n 300\n]")
        #expect(JSONWriter.string(.string("longer than the width"), style: .pretty(indent: 1, inlineWidth: 1)) == #""longer than the width""#)
    }

    /// Names from hostile files: every character U+0000–U+00FF, text decoded from invalid UTF-8
    /// (with replacement characters), CR LF, ESC sequences, bidi overrides. As keys and values, in
    /// every style, the text is UTF-8 with no raw control byte inside a string, and parses back equal.
    @Test func hostileStringsStayValidJSON() throws {
        let latin1 = String(String.UnicodeScalarView((0...0xff).map { Unicode.Scalar(UInt8($0)) }))
        let invalid = String(decoding: [0x61, 0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80, 0x0d, 0x0a, 0x00], as: UTF8.self)
        for text in [latin1, invalid, "\r\n", "\u{1b}[31mred\u{1b}[0m\u{1b}]0;t\u{7}", "\u{202e}\u{2066}\u{85}\u{2028}"] {
            let value: JSONValue = .object([text: .array([.string(text), .object(["k": .string(text)])])])
            for style in styles {
                let bytes = JSONWriter.bytes(value, style: style)
                #expect(String(validating: bytes, as: UTF8.self) != nil)
                #expect(!bytes.contains { $0 < 0x20 && $0 != 0x0a })
                #expect(try JSONParser.parse(bytes: bytes) == value)
            }
        }
    }
}
