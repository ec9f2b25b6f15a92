import ModelArtifact
import Testing
import TestSupport

/// The protobuf wire reader: every wire type, packed runs, unknown fields skipped, and each error
/// rule proven by an input that breaks it.
@Suite struct ProtoReaderTests {
    func reader(_ bytes: [UInt8], limits: ProtoLimits = ProtoLimits()) -> ProtoReader {
        ProtoReader(MappedFile(bytes: bytes, name: "t.pb"), limits: limits)
    }

    func fields(_ bytes: [UInt8]) throws -> [ProtoField] {
        try reader(bytes).fold([ProtoField]()) { list, field, _ in list.append(field) }
    }

    func rule(_ bytes: [UInt8], limits: ProtoLimits = ProtoLimits(), _ body: (inout ProtoReader) throws -> Void = { r in
        while try r.next() != nil {}
    }) -> String? {
        var r = reader(bytes, limits: limits)
        do { try body(&r) } catch let error as ArtifactError { return error.rule } catch { return "\(error)" }
        return nil
    }

    @Test func everyWireTypeAndItsRange() throws {
        var w = ProtoWriter()
        w.int(1, 300)
        w.fixed64(2, 0x0102_0304_0506_0708)
        w.string(3, "héllo")
        w.fixed32(5, Float(1.5).bitPattern)
        w.int(6, -2)
        let list = try fields(w.bytes)
        #expect(list.map(\.number) == [1, 2, 3, 5, 6])
        #expect(list.map(\.wireType) == [.varint, .fixed64, .lengthDelimited, .fixed32, .varint])
        #expect(list[0].scalar == 300 && list[0].range == 1..<3)
        #expect(list[1].scalar == 0x0102_0304_0506_0708)
        #expect(list[2].scalar == 6 && list[2].range.count == 6 && list[2].key.offset == 12)
        let r = reader(w.bytes)
        #expect(try r.string(list[2], what: "s") == "héllo")
        #expect(try r.float(list[3], what: "f") == 1.5)
        #expect(try r.int64(list[4], what: "i") == -2)
        #expect(try r.int32(list[0], what: "i") == 300)
    }

    @Test func embeddedMessagesGoOneLevelDeeper() throws {
        let bytes = ProtoWriter.build { $0.message(7) { $0.message(1) { $0.int(2, 9) } } }
        let outer = reader(bytes)
        let field = try #require(try fields(bytes).first)
        var inner = try outer.message(field, what: "m")
        #expect(inner.depth == 1)
        let innerField = try #require(try inner.next())
        var innermost = try inner.message(innerField, what: "n")
        #expect(innermost.depth == 2)
        #expect(try innermost.next()?.scalar == 9)
        #expect(try innermost.next() == nil)
    }

    @Test func packedAndUnpackedRepeatedScalars() throws {
        var w = ProtoWriter()
        w.packed(1, [1, 300, -1])
        w.int(1, 7)
        w.packedFloats(4, [1, 2, 3])
        w.bytes(4, [])
        let list = try fields(w.bytes)
        let r = reader(w.bytes)
        var values: [Int64] = []
        try r.appendVarints(list[0], to: &values, what: "dims")
        try r.appendVarints(list[1], to: &values, what: "dims")
        #expect(values == [1, 300, -1, 7])
        #expect(try r.elementCount(list[0], element: .varint, what: "v") == 3)
        #expect(try r.elementCount(list[1], element: .varint, what: "v") == 1)
        #expect(try r.elementCount(list[2], element: .fixed32, what: "f") == 3)
        #expect(try r.elementCount(list[3], element: .fixed32, what: "f") == 0)
    }

    @Test func unknownFieldsAndGroupsAreSkipped() throws {
        var w = ProtoWriter()
        w.raw(ProtoWriter.key(9, 3))          // start group 9
        w.int(1, 5)
        w.raw(ProtoWriter.key(4, 3))          // nested group 4
        w.raw(ProtoWriter.key(4, 4))
        w.raw(ProtoWriter.key(9, 4))          // end group 9
        w.int(2, 6)
        let list = try fields(w.bytes)
        #expect(list.map(\.number) == [9, 2])
        #expect(list[1].scalar == 6)
    }

    @Test func errorRules() {
        // A key of field number 0, and wire types 6 and 7.
        #expect(rule([0x00, 0x01]) == "invalid-field-number")
        #expect(rule([0x0e, 0x01]) == "invalid-wire-type")
        #expect(rule([0x0f]) == "invalid-wire-type")
        // A varint of 11 bytes.
        #expect(rule([0x08] + [UInt8](repeating: 0xff, count: 10) + [0x01]) == "varint-overflow")
        // Cut inside a key, a varint, a fixed field.
        #expect(rule([0x80]) == "truncated")
        #expect(rule([0x08, 0x80]) == "truncated")
        #expect(rule([0x0d, 0x01, 0x02]) == "truncated")
        #expect(rule([0x09, 0x01]) == "truncated")
        // A length past the end of the message.
        #expect(rule([0x12, 0x05, 0x01]) == "length-past-end")
        #expect(rule([0x12] + ProtoWriter.varint(UInt64.max >> 1)) == "length-past-end")
        // An end-group with no group, a group closed by another field's end, a group never closed.
        #expect(rule([0x0c]) == "unexpected-end-group")
        #expect(rule([0x0b, 0x14]) == "unexpected-end-group")
        #expect(rule([0x0b, 0x10, 0x01]) == "truncated")
        // Groups nested past the depth cap.
        #expect(rule([UInt8](repeating: 0x0b, count: 8), limits: ProtoLimits(maxDepth: 4)) == "nesting-too-deep")
    }

    @Test func typedAccessRules() {
        let varint = ProtoWriter.build { $0.int(1, 5) }
        #expect(rule(varint) { r in _ = try r.string(try r.next()!, what: "name") } == "wire-type-mismatch")
        #expect(rule(varint) { r in _ = try r.message(try r.next()!, what: "graph") } == "wire-type-mismatch")
        #expect(rule(varint) { r in _ = try r.float(try r.next()!, what: "f") } == "wire-type-mismatch")
        #expect(rule(varint) { r in _ = try r.elementCount(try r.next()!, element: .fixed32, what: "f") } == "wire-type-mismatch")
        let text = ProtoWriter.build { $0.string(1, "abcdef") }
        #expect(rule(text, limits: ProtoLimits(maxStringLength: 4)) { r in _ = try r.string(try r.next()!, what: "s") } == "string-too-long")
        #expect(rule(text) { r in _ = try r.int64(try r.next()!, what: "i") } == "wire-type-mismatch")
        let message = ProtoWriter.build { $0.message(1) { $0.int(1, 1) } }
        #expect(rule(message, limits: ProtoLimits(maxDepth: 0)) { r in _ = try r.message(try r.next()!, what: "m") } == "nesting-too-deep")
        let packed = ProtoWriter.build { $0.packed(1, [1, 2, 3]) }
        #expect(rule(packed, limits: ProtoLimits(maxRepeated: 2)) { r in
            var values: [Int64] = []
            try r.appendVarints(try r.next()!, to: &values, what: "dims")
        } == "too-many-elements")
        let oddFloats = ProtoWriter.build { $0.bytes(1, [1, 2, 3, 4, 5]) }
        #expect(rule(oddFloats) { r in _ = try r.elementCount(try r.next()!, element: .fixed32, what: "f") } == "packed-length-mismatch")
        let cutRun = ProtoWriter.build { $0.bytes(1, [0x01, 0x80]) }
        #expect(rule(cutRun) { r in _ = try r.elementCount(try r.next()!, element: .varint, what: "v") } == "truncated")
        let longRun = ProtoWriter.build { $0.bytes(1, [UInt8](repeating: 0x80, count: 11) + [0x01]) }
        #expect(rule(longRun) { r in _ = try r.elementCount(try r.next()!, element: .varint, what: "v") } == "varint-overflow")
    }

    @Test func invalidUTF8IsReplacedNotFatal() throws {
        let bytes = ProtoWriter.build { $0.bytes(1, [0x61, 0xff, 0x62]) }
        let r = reader(bytes)
        #expect(try r.string(try fields(bytes)[0], what: "s") == "a\u{FFFD}b")
    }

    @Test func errorsNameTheFileAndOffset() {
        var r = reader([0x08, 0x01, 0x12, 0x09, 0x00])
        do {
            while try r.next() != nil {}
            Issue.record("no error")
        } catch let error as ArtifactError {
            #expect(error.file == "t.pb" && error.offset == 3 && error.rule == "length-past-end")
        } catch {
            Issue.record("\(error)")
        }
    }

    /// Lengths and varint values at 2^63 - 1, 2^63 and 2^64 - 1: a length is checked against the
    /// bytes left before it is turned into an Int, a varint value is only bits (no count is made
    /// of it), and a packed run's count comes from its bytes, never from a value in the file.
    @Test(arguments: [UInt64(Int64.max), UInt64(1) << 63, UInt64.max])
    func lengthsAndValuesNearTwoToThe64(_ big: UInt64) throws {
        #expect(rule([0x12] + ProtoWriter.varint(big) + [0x01, 0x02]) == "length-past-end")
        #expect(rule([0x0a, 0x03, 0x12] + ProtoWriter.varint(big)) { r in
            let outer = try r.next()!
            var inner = try r.message(outer, what: "m")
            while try inner.next() != nil {}
        } != nil)
        // One more than fits in 64 bits: an 11th byte, or a 10th byte above 1.
        #expect(rule([0x08] + [UInt8](repeating: 0xff, count: 9) + [0x02]) == "varint-overflow")
        let value = ProtoWriter.build { $0.raw(ProtoWriter.key(1, 0) + ProtoWriter.varint(big)) }
        #expect(try fields(value).first?.scalar == big)
        #expect(try reader(value).fold(Int64(0)) { v, f, r in v = try r.int64(f, what: "i") } == Int64(bitPattern: big))
        let run = ProtoWriter.build { $0.bytes(1, ProtoWriter.varint(big) + ProtoWriter.varint(big) + [0x01]) }
        var values: [Int64] = []
        var r = reader(run)
        let field = try #require(try r.next())
        try r.appendVarints(field, to: &values, what: "dims")
        #expect(values == [Int64(bitPattern: big), Int64(bitPattern: big), 1])
        #expect(try r.elementCount(field, element: .varint, what: "dims") == 3)
        #expect(rule(run, limits: ProtoLimits(maxRepeated: 2)) { r in
            var values: [Int64] = []
            try r.appendVarints(try r.next()!, to: &values, what: "dims")
        } == "too-many-elements")
    }
}
