import Testing
@testable import ModelArtifact

@Suite struct JSONValueTests {
    @Test func sameJSONNumbersAcrossWidths() {
        #expect(JSONValue.int(1).isSameJSON(as: .double(1.0)))
        #expect(JSONValue.double(1.0).isSameJSON(as: .int(1)))
        #expect(JSONValue.int(1).isSameJSON(as: .uint(1)))
        #expect(JSONValue.uint(.max).isSameJSON(as: .uint(.max)))
        #expect(JSONValue.float(0.1).isSameJSON(as: .double(0.1)))
        #expect(JSONValue.double(0.1).isSameJSON(as: .float(0.1)))
        #expect(JSONValue.float(1e-12).isSameJSON(as: .double(1e-12)))
        #expect(JSONValue.float(2).isSameJSON(as: .int(2)))
        #expect(JSONValue.double(-0.0).isSameJSON(as: .int(0)))
        #expect(!JSONValue.int(1).isSameJSON(as: .double(1.5)))
        #expect(!JSONValue.int(1).isSameJSON(as: .int(2)))
        #expect(!JSONValue.int(-1).isSameJSON(as: .uint(.max)))
        #expect(!JSONValue.float(0.1).isSameJSON(as: .float(0.2)))
    }

    /// Fixed: integers and doubles were also compared after rounding to `Float`, so different values compared equal.
    @Test func sameJSONNumbersAreExact() {
        #expect(!JSONValue.uint(.max).isSameJSON(as: .uint(.max - 1)))
        #expect(!JSONValue.uint(.max - 1).isSameJSON(as: .uint(.max)))
        #expect(!JSONValue.int(.max).isSameJSON(as: .int(.max - 1)))
        #expect(!JSONValue.double(1.0).isSameJSON(as: .double(1.000000001)))
        #expect(!JSONValue.int(16_777_217).isSameJSON(as: .double(16_777_216)))
        #expect(!JSONValue.int((1 << 53) + 1).isSameJSON(as: .double(9_007_199_254_740_992)))
        #expect(!JSONValue.uint(.max).isSameJSON(as: .double(18_446_744_073_709_551_616)))
        #expect(JSONValue.uint(1 << 63).isSameJSON(as: .double(9_223_372_036_854_775_808)))
        #expect(JSONValue.int(.min).isSameJSON(as: .double(-9_223_372_036_854_775_808)))
    }

    @Test func sameJSONIgnoresKeyOrderButNotArrayOrder() {
        let a: JSONValue = .object(["x": .int(1), "y": .array([.int(1), .int(2)]), "z": .object(["p": .null, "q": .bool(true)])])
        let b: JSONValue = .object(["z": .object(["q": .bool(true), "p": .null]), "y": .array([.double(1), .double(2)]), "x": .double(1)])
        #expect(a.isSameJSON(as: b))
        #expect(b.isSameJSON(as: a))
        #expect(a != b)
        let reordered: JSONValue = .object(["x": .int(1), "y": .array([.int(2), .int(1)]), "z": .object(["p": .null, "q": .bool(true)])])
        #expect(!a.isSameJSON(as: reordered))
        #expect(!JSONValue.object(["x": .int(1)]).isSameJSON(as: .object(["x": .int(1), "y": .int(2)])))
        #expect(!JSONValue.object(["x": .int(1)]).isSameJSON(as: .object(["y": .int(1)])))
        #expect(!JSONValue.array([.int(1)]).isSameJSON(as: .array([.int(1), .int(1)])))
    }

    /// Fixed: only one direction was checked, so an object repeating a key matched one with a key it lacks.
    @Test func sameJSONWithRepeatedKeysIsSymmetric() {
        var repeated = JSONObject()
        repeated.append("x", .int(1))
        repeated.append("x", .int(1))
        let other: JSONValue = .object(["x": .int(1), "y": .int(2)])
        #expect(!JSONValue.object(repeated).isSameJSON(as: other))
        #expect(!other.isSameJSON(as: .object(repeated)))
        #expect(JSONValue.object(repeated).isSameJSON(as: .object(repeated)))
    }

    @Test func sameJSONOtherKinds() {
        #expect(JSONValue.null.isSameJSON(as: .null))
        #expect(!JSONValue.null.isSameJSON(as: .bool(false)))
        #expect(!JSONValue.bool(true).isSameJSON(as: .int(1)))
        #expect(!JSONValue.string("1").isSameJSON(as: .int(1)))
        #expect(JSONValue.string("é").isSameJSON(as: .string("e\u{301}")) == ("é" == "e\u{301}"))
        #expect(!JSONValue.array([]).isSameJSON(as: .object([:])))
        #expect(!JSONValue.double(.nan).isSameJSON(as: .double(.nan)))
    }

    @Test func accessors() {
        #expect(JSONValue.int(-3).intValue == -3)
        #expect(JSONValue.uint(5).intValue == 5)
        #expect(JSONValue.uint(.max).intValue == nil)
        #expect(JSONValue.double(2).intValue == 2)
        #expect(JSONValue.double(2.5).intValue == nil)
        #expect(JSONValue.float(4).intValue == 4)
        #expect(JSONValue.double(1e30).intValue == nil)
        #expect(JSONValue.string("1").intValue == nil)
        #expect(JSONValue.uint(.max).doubleValue == 18_446_744_073_709_551_616)
        #expect(JSONValue.bool(true).doubleValue == nil)
        #expect(JSONValue.string("s").stringValue == "s")
        #expect(JSONValue.int(1).stringValue == nil)
        #expect(JSONValue.array([.null]).arrayValue == [.null])
        #expect(JSONValue.object(["a": .null]).objectValue?.keys == ["a"])
        #expect(JSONValue.null.objectValue == nil)
        let names = [JSONValue.null, .bool(true), .int(1), .uint(1), .double(1), .float(1), .string(""), .array([]), .object([:])]
            .map(\.typeName)
        #expect(names == ["null", "a boolean", "a number", "a number", "a number", "a number", "a string", "an array", "an object"])
    }

    @Test func objectKeepsInsertionOrder() {
        var object: JSONObject = ["b": .int(1), "a": .int(2)]
        object["c"] = .int(3)
        object["b"] = .int(10)
        #expect(object.keys == ["b", "a", "c"])
        #expect(object["b"] == .int(10))
        object["a"] = nil
        #expect(object.keys == ["b", "c"])
        object["missing"] = nil
        #expect(object.count == 2)
        #expect(!object.isEmpty)
        #expect(object.map(\.key) == ["b", "c"])
        #expect(JSONObject().isEmpty)
        let literal: JSONObject = ["k": .int(1), "k": .int(2)]
        #expect(literal.keys == ["k"])
        #expect(literal["k"] == .int(2))
    }

    @Test func objectEqualityIsOrdered() {
        let ab: JSONObject = ["a": .int(1), "b": .int(2)]
        let ba: JSONObject = ["b": .int(2), "a": .int(1)]
        #expect(ab != ba)
        #expect(ab == ["a": .int(1), "b": .int(2)])
        #expect(ab != ["a": .int(1), "b": .int(3)])
        #expect(ab != ["a": .int(1)])
    }
}
