import ModelArtifact
import Testing
import TestSupport
@testable import TFLiteReader

/// The verified accessor on hand-made and damaged FlatBuffers: each of the Verifier's rules throws its own rule name.
@Suite struct FlatBufferAccessorTests {
    static func buffer(_ bytes: [UInt8], limits: FlatBufferLimits = FlatBufferLimits()) -> FlatBuffer {
        FlatBuffer(file: MappedFile(bytes: bytes, name: "t.fb"), range: 0..<bytes.count, limits: limits)
    }

    static func root(_ bytes: [UInt8], limits: FlatBufferLimits = FlatBufferLimits()) throws -> (FlatBuffer, FlatBufferTable) {
        let fb = buffer(bytes, limits: limits)
        return (fb, try fb.root(identifier: Array("TFL3".utf8)))
    }

    /// A buffer whose root table has a u32 (field 0), a string (1), an int32 vector (2) and a child table (3).
    static let sample: FB = .table([0: .u32(7), 1: .string("hello"), 2: .int32s([1, -2, 3]),
                                    3: .table([0: .i8(-5)]), 5: .u64(1 << 40)])

    static func put(_ value: UInt32, at position: Int, in bytes: inout [UInt8]) {
        for i in 0..<4 { bytes[position + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
    }

    @Test func readsEveryKindOfField() throws {
        let (fb, root) = try Self.root(FlatBufferWriter.buffer(Self.sample))
        #expect(try fb.scalar(root, 0, default: UInt32(0)) == 7)
        #expect(try fb.string(root, 1) == "hello")
        #expect(try fb.scalars(root, 2, as: Int32.self) == [1, -2, 3])
        let child = try #require(try fb.table(root, 3))
        #expect(child.depth == 2)
        #expect(try fb.scalar(child, 0, default: Int8(0)) == -5)
        #expect(try fb.scalar(root, 5, default: UInt64(0)) == 1 << 40)
        // Absent fields give their defaults: inside the vtable (4) and past its end (9).
        #expect(try fb.scalar(root, 4, default: Int32(42)) == 42)
        #expect(try fb.scalar(root, 9, default: Int32(-1)) == -1)
        #expect(try fb.string(root, 9) == nil)
        #expect(try fb.table(root, 9) == nil)
        #expect(fb.misalignedCount == 0)
    }

    @Test func unionsReadTypeAndValue() throws {
        let (fb, root) = try Self.root(FlatBufferWriter.buffer(.table([0: .u8(2), 1: .table([0: .i32(9)]), 2: .u8(0)])))
        let set = try fb.union(root, type: 0, value: 1)
        #expect(set.type == 2)
        #expect(try fb.scalar(try #require(set.table), 0, default: Int32(0)) == 9)
        let none = try fb.union(root, type: 2, value: 3)
        #expect(none.type == 0 && none.table == nil)
    }

    @Test func shortOrForeignBuffers() {
        #expect(thrownRule { _ = try Self.root([0, 0, 0]) } == "truncated")
        #expect(thrownRule { _ = try Self.root([8, 0, 0, 0] + Array("TFL2".utf8)) } == "wrong-identifier")
        #expect(thrownRule { _ = try Self.root([0, 0, 0, 0] + Array("TFL3".utf8)) } == "offset-zero")
        #expect(thrownRule { _ = try Self.root([0xff, 0, 0, 0] + Array("TFL3".utf8)) } == "offset-out-of-range")
        #expect(thrownRule { _ = try Self.root([8, 0, 0, 0x80] + Array("TFL3".utf8) + [0, 0, 0, 0]) } == "offset-out-of-range")
        // The root offset points at the last byte: no room for the table's vtable offset.
        #expect(thrownRule { _ = try Self.root([8, 0, 0, 0] + Array("TFL3".utf8) + [0]) } == "table-out-of-range")
    }

    @Test func brokenVtables() throws {
        var writer = FlatBufferWriter()
        let good = writer.write(Self.sample, identifier: "TFL3")
        let (table, vtable) = writer.table(0)
        var odd = good
        odd[vtable] = 5
        #expect(thrownRule { _ = try Self.root(odd) } == "vtable-size-odd")
        var tiny = good
        tiny[vtable] = 2
        #expect(thrownRule { _ = try Self.root(tiny) } == "vtable-too-small")
        var huge = good
        huge[vtable] = 0xfe
        huge[vtable + 1] = 0xff
        #expect(thrownRule { _ = try Self.root(huge) } == "vtable-out-of-range")
        var before = good
        Self.put(UInt32(table + 100), at: table, in: &before)
        #expect(thrownRule { _ = try Self.root(before) } == "vtable-out-of-range")
        var after = good
        Self.put(UInt32(bitPattern: Int32(-(good.count))), at: table, in: &after)
        #expect(thrownRule { _ = try Self.root(after) } == "vtable-out-of-range")
    }

    @Test func selfAndBackwardReferencesAreRejected() throws {
        var writer = FlatBufferWriter()
        let good = writer.write(Self.sample, identifier: "TFL3")
        let (table, vtable) = writer.table(0)
        // A table whose vtable offset is 0 is its own vtable: its "size" is then 0.
        var own = good
        Self.put(0, at: table, in: &own)
        #expect(thrownRule { _ = try Self.root(own) } == "vtable-too-small")
        // Offsets are unsigned and point forward: one meant to point back at the root (a cycle) is 2^31 or more.
        let child = table + Int(good[vtable + 10])
        var cycle = good
        Self.put(UInt32(bitPattern: Int32(table - child)), at: child, in: &cycle)
        #expect(thrownRule { let (fb, root) = try Self.root(cycle); _ = try fb.table(root, 3) } == "offset-out-of-range")
    }

    @Test func brokenFieldOffsets() throws {
        var writer = FlatBufferWriter()
        let good = writer.write(Self.sample, identifier: "TFL3")
        let (table, vtable) = writer.table(0)
        // A scalar field placed past the end of the buffer.
        var scalar = good
        scalar[vtable + 4] = 0xf0
        scalar[vtable + 5] = 0xff
        #expect(thrownRule { let (fb, root) = try Self.root(scalar); _ = try fb.scalar(root, 0, default: UInt32(0)) }
                == "field-out-of-range")
        // The string's offset set to zero (pointing at itself), then past the end.
        let stringField = table + Int(good[vtable + 6])
        var zero = good
        Self.put(0, at: stringField, in: &zero)
        #expect(thrownRule { let (fb, root) = try Self.root(zero); _ = try fb.string(root, 1) } == "offset-zero")
        var far = good
        Self.put(UInt32(good.count), at: stringField, in: &far)
        #expect(thrownRule { let (fb, root) = try Self.root(far); _ = try fb.string(root, 1) } == "offset-out-of-range")
    }

    @Test func brokenStringsAndVectors() throws {
        let good = FlatBufferWriter.buffer(Self.sample)
        let text = try #require(good.firstRange(of: Array("hello".utf8)))
        var unterminated = good
        unterminated[text.upperBound] = UInt8(ascii: "!")
        #expect(thrownRule { let (fb, root) = try Self.root(unterminated); _ = try fb.string(root, 1) } == "string-unterminated")
        var longString = good
        Self.put(0x1_0000, at: text.lowerBound - 4, in: &longString)
        #expect(thrownRule { let (fb, root) = try Self.root(longString); _ = try fb.string(root, 1) } == "vector-out-of-range")
        // The string running exactly to the end of the buffer: no room for its NUL.
        var cut = good
        Self.put(UInt32(good.count - text.lowerBound), at: text.lowerBound - 4, in: &cut)
        #expect(thrownRule { let (fb, root) = try Self.root(cut); _ = try fb.string(root, 1) } == "string-unterminated")
        let numbers = try #require(good.firstRange(of: [1, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff]))
        var huge = good
        Self.put(0x7fff_ffff, at: numbers.lowerBound - 4, in: &huge)
        #expect(thrownRule { let (fb, root) = try Self.root(huge); _ = try fb.scalars(root, 2, as: Int32.self) } == "vector-too-long")
        var past = good
        Self.put(0x00ff_ffff, at: numbers.lowerBound - 4, in: &past)
        #expect(thrownRule { let (fb, root) = try Self.root(past); _ = try fb.scalars(root, 2, as: Int32.self) } == "vector-out-of-range")
    }

    @Test func depthAndTableCountAreCapped() throws {
        let nested = FlatBufferWriter.buffer(.table([0: .table([0: .table([0: .table([:])])])]))
        let (fb, root) = try Self.root(nested, limits: FlatBufferLimits(maxDepth: 3))
        let second = try #require(try fb.table(root, 0))
        let third = try #require(try fb.table(second, 0))
        #expect(thrownRule { _ = try fb.table(third, 0) } == "too-deep")

        // Ten offsets all pointing at one shared table: each visit counts against the cap.
        var writer = FlatBufferWriter()
        var bytes = writer.write(.table([0: .tables((0..<10).map { .table([0: .i32($0)]) })]), identifier: "TFL3")
        let shared = writer.tablePositions[1]
        let (fb2, root2) = try Self.root(bytes)
        let list = try #require(try fb2.vector(root2, 0, elementSize: 4))
        for i in 0..<10 { Self.put(UInt32(shared - (list.start + 4 * i)), at: list.start + 4 * i, in: &bytes) }
        let limited = Self.buffer(bytes, limits: FlatBufferLimits(maxTables: 6))
        let root3 = try limited.root(identifier: Array("TFL3".utf8))
        let same = try #require(try limited.vector(root3, 0, elementSize: 4))
        #expect(try limited.table(in: same, 3).position == shared)
        #expect(thrownRule { for i in 0..<same.count { _ = try limited.table(in: same, i) } } == "too-many-tables")
    }

    @Test func workIsCapped() throws {
        let bytes = FlatBufferWriter.buffer(.table([0: .int32s([Int32](repeating: 1, count: 100)), 1: .string(String(repeating: "x", count: 60))]))
        let (fb, root) = try Self.root(bytes, limits: FlatBufferLimits(maxWork: 120))
        #expect(try fb.scalars(root, 0, as: Int32.self)?.count == 100)
        #expect(thrownRule { _ = try fb.string(root, 1) } == "too-much-work")
    }

    @Test func misalignedFieldsAreReadAndCounted() throws {
        var writer = FlatBufferWriter()
        var bytes = writer.write(.table([0: .u32(0x0403_0201), 1: .u32(0x0807_0605)]), identifier: "TFL3")
        let (table, vtable) = writer.table(0)
        bytes[vtable + 4] += 1  // field 0 now starts one byte later, misaligned
        let (fb, root) = try Self.root(bytes)
        #expect(try fb.scalar(root, 0, default: UInt32(0)) == 0x0504_0302)
        #expect(fb.misalignedCount == 1)
        #expect(fb.firstMisaligned == table + Int(bytes[vtable + 4]))
    }

    @Test func aBufferInsideAFileUsesItsOwnOffsets() throws {
        let inner = FlatBufferWriter.buffer(Self.sample)
        let file = MappedFile(bytes: [UInt8](repeating: 0xaa, count: 13) + inner + [1, 2, 3], name: "bundle")
        let fb = FlatBuffer(file: file, range: 13..<(13 + inner.count))
        let root = try fb.root(identifier: Array("TFL3".utf8))
        #expect(try fb.string(root, 1) == "hello")
        #expect(root.position >= 13)
        #expect(fb.misalignedCount == 0, "alignment counts from the buffer's start, not the file's")
    }
}

extension Array where Element == UInt8 {
    /// The first range where `needle` occurs.
    func firstRange(of needle: [UInt8]) -> Range<Int>? {
        guard needle.count <= count else { return nil }
        for i in 0...(count - needle.count) where self[i..<(i + needle.count)].elementsEqual(needle) {
            return i..<(i + needle.count)
        }
        return nil
    }
}
