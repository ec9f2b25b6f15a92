import Testing
import TestSupport
@testable import ModelArtifact

/// A reader over `bytes` held in memory under the name "mem".
private func reader(_ bytes: [UInt8]) -> ByteReader {
    MappedFile(bytes: bytes, name: "mem").reader()
}

/// The rule of the `ArtifactError` that `body` throws, or nil when it returns (a different error fails the test).
private func rule<T>(_ body: () throws -> T) -> String? {
    do {
        _ = try body()
        return nil
    } catch let error as ArtifactError {
        return error.rule
    } catch {
        Issue.record("not an ArtifactError: \(error)")
        return nil
    }
}

@Suite struct ByteReaderIntegerTests {
    let bytes: [UInt8] = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0xff]

    @Test func littleEndianEveryWidth() throws {
        var r = reader(bytes)
        #expect(try r.u8() == 0x01)
        r = reader(bytes); #expect(try r.u16() == 0x0201)
        r = reader(bytes); #expect(try r.u32() == 0x0403_0201)
        r = reader(bytes); #expect(try r.u64() == 0x0807_0605_0403_0201)
        r = reader(bytes); #expect(try r.i8() == 1)
        r = reader(bytes); #expect(try r.i16() == 0x0201)
        r = reader(bytes); #expect(try r.i32() == 0x0403_0201)
        r = reader(bytes); #expect(try r.i64() == 0x0807_0605_0403_0201)
    }

    @Test func bigEndianEveryWidth() throws {
        var r = reader(bytes)
        #expect(try r.integer(UInt8.self, .big) == 0x01)
        r = reader(bytes); #expect(try r.integer(UInt16.self, .big) == 0x0102)
        r = reader(bytes); #expect(try r.integer(UInt32.self, .big) == 0x0102_0304)
        r = reader(bytes); #expect(try r.integer(UInt64.self, .big) == 0x0102_0304_0506_0708)
        r = reader(bytes); #expect(try r.integer(Int16.self, .big) == 0x0102)
        r = reader(bytes); #expect(try r.integer(Int32.self, .big) == 0x0102_0304)
        r = reader(bytes); #expect(try r.integer(Int64.self, .big) == 0x0102_0304_0506_0708)
    }

    @Test func signedValuesAndCursor() throws {
        var r = reader([0xff, 0xfe, 0xff, 0x00, 0x80, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
        #expect(try r.i8() == -1)
        #expect(try r.i16() == -2)
        #expect(r.offset == 3)
        #expect(try r.integer(Int16.self, .big) == 0x0080)
        #expect(try r.i64() == -1)
        #expect(r.isAtEnd)
        #expect(r.remaining == 0)
    }

    @Test func unalignedReads() throws {
        var r = reader(bytes)
        try r.skip(1)
        #expect(try r.u32() == 0x0504_0302)
        #expect(try r.integer(UInt32.self, .big) == 0x0607_08ff)
    }

    @Test func floats() throws {
        let oneAndHalfLE: [UInt8] = [0x00, 0x00, 0xc0, 0x3f]
        var r = reader(oneAndHalfLE)
        #expect(try r.f32() == 1.5)
        r = reader(oneAndHalfLE.reversed())
        #expect(try r.f32(.big) == 1.5)
        let minusTwoLE: [UInt8] = [0, 0, 0, 0, 0, 0, 0x00, 0xc0]
        r = reader(minusTwoLE)
        #expect(try r.f64() == -2.0)
        r = reader(minusTwoLE.reversed())
        #expect(try r.f64(.big) == -2.0)
        r = reader([0x00, 0x00, 0xc0, 0x7f])
        #expect(try r.f32().isNaN)
    }

    @Test func shortReadsThrowTruncatedAndKeepCursor() throws {
        var r = reader([1, 2, 3])
        try r.skip(1)
        #expect(rule { try r.u32() } == "truncated")
        #expect(rule { try r.f64() } == "truncated")
        #expect(rule { try r.integer(UInt64.self, .big) } == "truncated")
        #expect(r.offset == 1)
        #expect(try r.u16() == 0x0302)
        #expect(rule { try r.u8() } == "truncated")
        let error = #expect(throws: ArtifactError.self) { try r.u8() }
        #expect(error?.offset == 3)
        #expect(error?.file == "mem")
    }
}

@Suite struct ByteReaderVarintTests {
    @Test(arguments: 1...10)
    func varintOfEveryLength(length: Int) throws {
        // The smallest and largest values that take `length` bytes.
        let low: UInt64 = length == 1 ? 0 : 1 << UInt64(7 * (length - 1))
        let high: UInt64 = length == 10 ? .max : (1 << UInt64(7 * length)) - 1
        for value in [low, high] {
            let encoded = ProtoWriter.varint(value)
            #expect(encoded.count == length)
            var r = reader(encoded + [0xaa])
            #expect(try r.varint() == value)
            #expect(r.offset == length)
        }
    }

    @Test func knownEncodings() throws {
        var r = reader([0x96, 0x01, 0xac, 0x02, 0x00])
        #expect(try r.varint() == 150)
        #expect(try r.varint() == 300)
        #expect(try r.varint() == 0)
        // A non-minimal but legal ten-byte encoding of 1.
        r = reader([0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00])
        #expect(try r.varint() == 1)
    }

    @Test func overflow() {
        // Ten bytes whose last contributes more than bit 63.
        var r = reader([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02])
        #expect(rule { try r.varint() } == "varint-overflow")
        // Eleven bytes.
        r = reader(Array(repeating: 0x80, count: 10) + [0x00])
        #expect(rule { try r.varint() } == "varint-overflow")
        // An endless run of continuation bytes stops at the tenth.
        r = reader(Array(repeating: 0xff, count: 64))
        let error = #expect(throws: ArtifactError.self) { try r.varint() }
        #expect(error?.rule == "varint-overflow")
        #expect(error?.offset == 0)
    }

    @Test func truncated() throws {
        var r = reader([0x01, 0x80, 0x80])
        #expect(try r.varint() == 1)
        let error = #expect(throws: ArtifactError.self) { try r.varint() }
        #expect(error?.rule == "truncated")
        #expect(error?.offset == 1)
        r = reader([])
        #expect(rule { try r.varint() } == "truncated")
    }

    @Test func zigzag() throws {
        let cases: [(UInt64, Int64)] = [
            (0, 0), (1, -1), (2, 1), (3, -2), (4294967294, 2147483647), (4294967295, -2147483648),
            (.max - 1, .max), (.max, .min),
        ]
        for (raw, expected) in cases {
            var r = reader(ProtoWriter.varint(raw))
            #expect(try r.zigzag() == expected, "zigzag(\(raw))")
        }
        var r = reader([0x80])
        #expect(rule { try r.zigzag() } == "truncated")
    }
}

@Suite struct ByteReaderStringTests {
    @Test func utf8Strings() throws {
        let text = "héllo, 世界 🌍"
        var r = reader(Array(text.utf8) + [0x21])
        #expect(try r.string(text.utf8.count) == text)
        #expect(try r.string(1) == "!")
        #expect(try r.string(0) == "")
        #expect(rule { try r.string(1) } == "truncated")
        #expect(rule { try r.string(-1) } == "truncated")
    }

    @Test func invalidUTF8() throws {
        var r = reader([0x41, 0x42, 0xff, 0x43])
        try r.skip(1)
        let error = #expect(throws: ArtifactError.self) { try r.string(3) }
        #expect(error?.rule == "invalid-utf8")
        #expect(error?.offset == 2, "the offset of the first byte that is not UTF-8")
        // A truncated multi-byte sequence and an encoded surrogate are not UTF-8 either.
        r = reader([0xe4, 0xb8])
        #expect(rule { try r.string(2) } == "invalid-utf8")
        r = reader([0xed, 0xa0, 0x80])
        #expect(rule { try r.string(3) } == "invalid-utf8")
    }

    @Test func cString() throws {
        var r = reader(Array("abc\0\0xyz".utf8))
        #expect(try r.cString(maxLength: 8) == "abc")
        #expect(r.offset == 4)
        #expect(try r.cString(maxLength: 0) == "")
        #expect(r.offset == 5)
        let error = #expect(throws: ArtifactError.self) { try r.cString(maxLength: 100) }
        #expect(error?.rule == "truncated")
        #expect(error?.offset == 5)
        #expect(r.offset == 5)
    }

    @Test func cStringLengthCap() throws {
        var r = reader(Array("abcdef\0".utf8))
        #expect(rule { try r.cString(maxLength: 5) } == "string-too-long")
        #expect(try r.cString(maxLength: 6) == "abcdef")
        // No NUL within the cap and none at all: the cap is what is reported.
        r = reader(Array("abcdef".utf8))
        #expect(rule { try r.cString(maxLength: 3) } == "string-too-long")
        #expect(rule { try r.cString(maxLength: 6) } == "truncated")
        r = reader([0xff, 0x00])
        #expect(rule { try r.cString(maxLength: 4) } == "invalid-utf8")
        r = reader([])
        #expect(rule { try r.cString(maxLength: 4) } == "truncated")
    }

    /// Fixed: `maxLength + 1` trapped for `Int.max`, and a negative cap made an inverted range.
    @Test func cStringExtremeCapsDoNotTrap() throws {
        var r = reader(Array("ab\0cd".utf8))
        #expect(try r.cString(maxLength: .max) == "ab")
        #expect(rule { try r.cString(maxLength: .max) } == "truncated")
        r = reader(Array("ab\0".utf8))
        #expect(rule { try r.cString(maxLength: -1) } == "string-too-long")
        r = reader([0])
        #expect(try r.cString(maxLength: .min) == "")
    }

    @Test func lengthPrefixed() throws {
        var r = reader([3, 0x61, 0x62, 0x63, 0x00, 0x02, 0x68, 0x69])
        #expect(try r.lengthPrefixedString(UInt8.self, maxLength: 3) == "abc")
        #expect(try r.lengthPrefixedString(UInt16.self, .big, maxLength: 16) == "hi")
        r = reader([2, 0, 0, 0, 0x6f, 0x6b])
        #expect(try r.lengthPrefixedString(UInt32.self, maxLength: 2) == "ok")
        r = reader([0, 0, 0, 0, 0, 0, 0, 0])
        #expect(try r.lengthPrefixedString(UInt64.self, maxLength: 0) == "")
    }

    @Test func lengthPrefixedLimits() throws {
        var r = reader([0x00, 4, 0x61, 0x62, 0x63, 0x64])
        try r.skip(1)
        let error = #expect(throws: ArtifactError.self) { try r.lengthPrefixedString(UInt8.self, maxLength: 3) }
        #expect(error?.rule == "length-too-large")
        #expect(error?.offset == 1)
        // A huge length is refused before anything is read, or found to run past the end.
        r = reader([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
        #expect(rule { try r.lengthPrefixedString(UInt64.self, maxLength: .max) } == "length-too-large")
        r = reader([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f])
        #expect(rule { try r.lengthPrefixedString(UInt64.self, maxLength: .max) } == "truncated")
        r = reader([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
        #expect(rule { try r.lengthPrefixedString(UInt64.self, maxLength: 1 << 20) } == "length-too-large")
        // A negative signed length.
        r = reader([0xff, 0xff, 0xff, 0xff])
        #expect(rule { try r.lengthPrefixedString(Int32.self, maxLength: 10) } == "length-too-large")
        // A length within the cap but beyond the data.
        r = reader([9, 0x61])
        #expect(rule { try r.lengthPrefixedString(UInt8.self, maxLength: 10) } == "truncated")
        // The length field itself cut short.
        r = reader([9])
        #expect(rule { try r.lengthPrefixedString(UInt16.self, maxLength: 10) } == "truncated")
        r = reader([1, 0xc3])
        #expect(rule { try r.lengthPrefixedString(UInt8.self, maxLength: 10) } == "invalid-utf8")
    }

    /// Fixed: a negative `maxLength` trapped converting it to `UInt64`.
    @Test func lengthPrefixedNegativeCapDoesNotTrap() throws {
        var r = reader([1, 0x61])
        #expect(rule { try r.lengthPrefixedString(UInt8.self, maxLength: -1) } == "length-too-large")
        r = reader([0])
        #expect(try r.lengthPrefixedString(UInt8.self, maxLength: -1) == "")
    }
}

@Suite struct ByteReaderCursorTests {
    @Test func seekBounds() throws {
        var r = reader([1, 2, 3, 4])
        try r.seek(to: 4)
        #expect(r.isAtEnd)
        try r.seek(to: 0)
        #expect(try r.u8() == 1)
        let error = #expect(throws: ArtifactError.self) { try r.seek(to: 5) }
        #expect(error?.rule == "offset-out-of-range")
        #expect(rule { try r.seek(to: -1) } == "offset-out-of-range")
        #expect(rule { try r.seek(to: .max) } == "offset-out-of-range")
        #expect(r.offset == 1)
    }

    @Test func skipBounds() throws {
        var r = reader([1, 2, 3, 4])
        try r.skip(0)
        try r.skip(3)
        #expect(rule { try r.skip(2) } == "truncated")
        #expect(rule { try r.skip(-1) } == "truncated")
        #expect(rule { try r.skip(.max) } == "truncated")
        #expect(r.offset == 3)
        try r.skip(1)
        #expect(r.isAtEnd)
        #expect(r.peekByte() == nil)
    }

    @Test func sliceIsAbsoluteAndZeroCopy() throws {
        let file = MappedFile(bytes: Array(0..<32), name: "f")
        var r = file.reader(8..<24)
        try r.skip(2)
        let span = try r.slice(4)
        #expect(span == 10..<14)
        #expect(r.offset == 14)
        let buffer = try r.buffer(span)
        #expect(Array(buffer) == [10, 11, 12, 13])
        #expect(buffer.baseAddress == file.bytes.baseAddress! + 10)
        #expect(rule { try r.slice(11) } == "truncated")
        #expect(rule { try r.slice(-1) } == "truncated")
    }

    @Test func bufferBounds() throws {
        let r = MappedFile(bytes: Array(0..<32), name: "f").reader(8..<24)
        #expect(try r.buffer(8..<24).count == 16)
        #expect(try r.buffer(24..<24).isEmpty)
        let error = #expect(throws: ArtifactError.self) { try r.buffer(7..<9) }
        #expect(error?.rule == "offset-out-of-range")
        #expect(error?.offset == 7)
        #expect(rule { try r.buffer(20..<25) } == "offset-out-of-range")
    }

    @Test func subReaderRangesAreAbsolute() throws {
        let file = MappedFile(bytes: Array(0..<64), name: "f")
        var outer = file.reader(16..<48)
        try outer.skip(4)
        var inner = try outer.subReader(8)
        #expect(inner.range == 20..<28)
        #expect(inner.offset == 20)
        #expect(outer.offset == 28)
        #expect(try inner.u8() == 20)
        try inner.seek(to: 27)
        #expect(try inner.u8() == 27)
        // The inner reader stops at its own end though the file goes on.
        let error = #expect(throws: ArtifactError.self) { try inner.u8() }
        #expect(error?.rule == "truncated")
        #expect(error?.offset == 28)
        #expect(rule { try inner.seek(to: 19) } == "offset-out-of-range")
        #expect(rule { try inner.seek(to: 29) } == "offset-out-of-range")
        #expect(rule { _ = try outer.subReader(21) } == "truncated")
    }

    @Test func errorOffsetsAreAbsoluteFileOffsets() throws {
        let file = MappedFile(bytes: Array(repeating: 0x80, count: 40), name: "model.bin")
        var r = file.reader(10..<20)
        try r.skip(3)
        let made = r.error("some-rule", expected: "x", found: "y")
        #expect(made == ArtifactError(file: "model.bin", offset: 13, rule: "some-rule", expected: "x", found: "y"))
        #expect(r.error("r", expected: "", found: "", at: 2).offset == 2)
        // A varint that runs off the reader's end is reported where it starts, in file terms.
        let thrown = #expect(throws: ArtifactError.self) { try r.varint() }
        #expect(thrown?.offset == 13)
        #expect(thrown?.file == "model.bin")
    }

    @Test func rangeIsClampedToTheFile() throws {
        let file = MappedFile(bytes: [1, 2, 3], name: "f")
        #expect(file.reader(1..<100).range == 1..<3)
        #expect(file.reader(50..<100).range == 3..<3)
        var r = file.reader(50..<100)
        #expect(rule { try r.u8() } == "truncated")
        #expect(MappedFile(bytes: [UInt8](), name: "e").reader().isAtEnd)
    }

    @Test func requireChecksCountWithoutMoving() throws {
        let r = reader([1, 2])
        try r.require(2, for: "x")
        let error = #expect(throws: ArtifactError.self) { try r.require(3, for: "a header") }
        #expect(error?.rule == "truncated")
        #expect(error?.expected == "3 bytes of a header")
        #expect(rule { try r.require(-1, for: "x") } == "truncated")
    }

    @Test func errorDescription() {
        let e = ArtifactError(file: "a.onnx", offset: 31, rule: "truncated", expected: "4 bytes", found: "1 byte")
        #expect(e.description == "a.onnx@0x1f (byte 31): truncated: expected 4 bytes, found 1 byte")
        let noOffset = ArtifactError(file: "a.onnx", offset: nil, rule: "unreadable", expected: "a", found: "b")
        #expect(noOffset.description == "a.onnx: unreadable: expected a, found b")
    }

    /// Every read at every position of a small buffer near its end returns or throws `ArtifactError`.
    @Test func everyReadAtEveryPositionNeverTraps() throws {
        let bytes: [UInt8] = [0x80, 0xff, 0x00, 0x41, 0xc3, 0xa9, 0x80, 0x80, 0x00, 0xff, 0x05, 0x61, 0x62, 0x00, 0xfe, 0x81]
        let file = MappedFile(bytes: bytes, name: "small")
        let reads: [(String, (inout ByteReader) throws -> Void)] = [
            ("u8", { _ = try $0.u8() }), ("u16", { _ = try $0.u16() }), ("u32", { _ = try $0.u32() }),
            ("u64", { _ = try $0.u64() }), ("i8", { _ = try $0.i8() }), ("i16", { _ = try $0.i16() }),
            ("i32", { _ = try $0.i32() }), ("i64", { _ = try $0.i64() }),
            ("be32", { _ = try $0.integer(UInt32.self, .big) }), ("be64", { _ = try $0.integer(Int64.self, .big) }),
            ("f32", { _ = try $0.f32() }), ("f64", { _ = try $0.f64(.big) }),
            ("varint", { _ = try $0.varint() }), ("zigzag", { _ = try $0.zigzag() }),
            ("string4", { _ = try $0.string(4) }), ("cString", { _ = try $0.cString(maxLength: 3) }),
            ("cStringMax", { _ = try $0.cString(maxLength: .max) }),
            ("lp8", { _ = try $0.lengthPrefixedString(UInt8.self, maxLength: 8) }),
            ("lp32", { _ = try $0.lengthPrefixedString(UInt32.self, .big, maxLength: .max) }),
            ("skip3", { try $0.skip(3) }), ("slice5", { _ = try $0.slice(5) }),
            ("sub2", { var s = try $0.subReader(2); _ = try s.u16() }),
            ("seek+1", { try $0.seek(to: $0.offset + 1) }),
        ]
        for range in [0..<16, 3..<11] {
            for start in range.lowerBound...range.upperBound {
                for (name, read) in reads {
                    var r = file.reader(range)
                    try r.seek(to: start)
                    do {
                        try read(&r)
                        #expect(r.offset <= range.upperBound, "\(name) at \(start)")
                    } catch let error as ArtifactError {
                        #expect(error.offset.map { $0 >= range.lowerBound && $0 <= range.upperBound } ?? false,
                                "\(name) at \(start): \(error)")
                    }
                }
            }
        }
    }
}
