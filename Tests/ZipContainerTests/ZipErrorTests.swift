import Testing
import TestSupport
import ModelArtifact
import ZipContainer

/// Every thrown ZIP rule, each from an archive broken in exactly one place.
@Suite("ZIP errors")
struct ZipErrorTests {
    static let two = TestZip([TestZipEntry("a.txt", "alpha"), TestZipEntry("b.txt", "bravo")])
    static var twoZip64: TestZip {
        var zip = TestZip(two.entries.map { var e = $0; e.zip64 = true; return e })
        zip.zip64End = true
        return zip
    }

    /// Builds `zip`, lets `patch` break its bytes, and expects reading to throw `rule`.
    func expectBroken(_ rule: String, _ zip: TestZip = two, limits: ZipLimits = ZipLimits(),
                      sourceLocation: SourceLocation = #_sourceLocation,
                      _ patch: (inout [UInt8], TestZip.Built) -> Void) {
        var built = zip.build()
        patch(&built.bytes, built)
        let error = expectZipRule(rule, sourceLocation: sourceLocation) { _ = try built.archive(limits) }
        #expect(error?.file == "test.zip", sourceLocation: sourceLocation)
    }

    @Test func noEndRecord() {
        let text = Array(String(repeating: "not a zip ", count: 9).utf8)
        expectZipRule("zip-no-eocd") { _ = try ZipArchive(MappedFile(bytes: text, name: "t")) }
        expectZipRule("zip-no-eocd") { _ = try ZipArchive(MappedFile(bytes: [0x50, 0x4B, 0x05, 0x06], name: "t")) }
        expectZipRule("zip-no-eocd") { _ = try ZipArchive(MappedFile(bytes: [], name: "t")) }
        expectBroken("zip-no-eocd") { bytes, _ in bytes += [UInt8](repeating: 0, count: 70_000) }
        expectBroken("zip-no-eocd") { bytes, _ in bytes.removeLast(5) }
    }

    @Test func commentPastEnd() {
        expectBroken("zip-eocd-bad") { bytes, b in bytes.zipPut(40, at: b.endOffset + 20, 2) }
    }

    @Test func multiDisk() {
        expectBroken("zip-multi-disk") { bytes, b in bytes.zipPut(1, at: b.endOffset + 4, 2) }
        expectBroken("zip-multi-disk") { bytes, b in bytes.zipPut(2, at: b.endOffset + 6, 2) }
        expectBroken("zip-multi-disk") { bytes, b in bytes.zipPut(1, at: b.centralOffsets[1] + 34, 2) }
        expectBroken("zip-multi-disk", Self.twoZip64) { bytes, b in bytes.zipPut(3, at: b.zip64EndOffset! + 56 + 16, 4) }
        expectBroken("zip-multi-disk", Self.twoZip64) { bytes, b in
            bytes.zipPut(0xFFFF, at: b.endOffset + 4, 2); bytes.zipPut(1, at: b.zip64EndOffset! + 16, 4)
        }
    }

    @Test func zip64EndRecord() {
        expectBroken("zip64-eocd-bad", Self.twoZip64) { bytes, b in bytes.zipPut(0, at: b.zip64EndOffset! + 56 + 8, 8) }
        expectBroken("zip64-eocd-bad", Self.twoZip64) { bytes, b in bytes.zipPut(1 << 40, at: b.zip64EndOffset! + 56 + 8, 8) }
        expectBroken("zip64-eocd-bad", Self.twoZip64) { bytes, b in bytes.zipPut(10, at: b.zip64EndOffset! + 4, 8) }
        expectBroken("zip64-eocd-bad", Self.twoZip64) { bytes, b in bytes.zipPut(1 << 62, at: b.zip64EndOffset! + 4, 8) }
    }

    @Test func endRecordDisagrees() {
        // A count the directory cannot hold (0xFFFF without ZIP64: "entry count huge in EOCD").
        expectBroken("zip-eocd-mismatch") { bytes, b in
            bytes.zipPut(0xFFFF, at: b.endOffset + 8, 2); bytes.zipPut(0xFFFF, at: b.endOffset + 10, 2)
        }
        // Fewer entries counted than the directory holds: a record hidden from count-driven readers.
        expectBroken("zip-eocd-mismatch") { bytes, b in
            bytes.zipPut(1, at: b.endOffset + 8, 2); bytes.zipPut(1, at: b.endOffset + 10, 2)
        }
        expectBroken("zip-eocd-mismatch") { bytes, b in bytes.zipPut(1, at: b.endOffset + 8, 2) }
        // The classic record says 1 (not saturated), the ZIP64 record says 2.
        expectBroken("zip-eocd-mismatch", Self.twoZip64) { bytes, b in
            bytes.zipPut(1, at: b.endOffset + 8, 2); bytes.zipPut(1, at: b.endOffset + 10, 2)
        }
        expectBroken("zip-eocd-mismatch", Self.twoZip64) { bytes, b in bytes.zipPut(b.directoryOffset + 1, at: b.endOffset + 16, 4) }
    }

    @Test func tooManyEntries() {
        expectBroken("zip-too-many-entries", Self.twoZip64) { bytes, b in
            bytes.zipPut(2_000_000, at: b.zip64EndOffset! + 24, 8); bytes.zipPut(2_000_000, at: b.zip64EndOffset! + 32, 8)
        }
        expectBroken("zip-too-many-entries", Self.twoZip64) { bytes, b in
            bytes.zipPut(UInt64.max, at: b.zip64EndOffset! + 24, 8); bytes.zipPut(UInt64.max, at: b.zip64EndOffset! + 32, 8)
        }
        expectBroken("zip-too-many-entries", limits: ZipLimits(maxEntries: 1)) { _, _ in }
    }

    @Test func centralDirectoryTruncated() {
        expectBroken("zip-cd-truncated") { bytes, b in bytes.zipPut(b.endOffset - b.directoryOffset + 1, at: b.endOffset + 12, 4) }
        expectBroken("zip-cd-truncated") { bytes, b in bytes.zipPut(b.endOffset + 10, at: b.endOffset + 16, 4) }
        expectBroken("zip-cd-truncated") { bytes, b in bytes.zipPut(500, at: b.centralOffsets[1] + 28, 2) }
        expectBroken("zip-cd-truncated") { bytes, b in bytes.zipPut(b.endOffset - b.directoryOffset - 1, at: b.endOffset + 12, 4) }
        expectBroken("zip-cd-truncated", Self.twoZip64) { bytes, b in bytes.zipPut(1 << 50, at: b.zip64EndOffset! + 40, 8) }
    }

    @Test func centralSignature() {
        expectBroken("zip-cd-bad-signature") { bytes, b in bytes[b.centralOffsets[1]] = 0 }
        expectBroken("zip-cd-bad-signature") { bytes, b in bytes[b.centralOffsets[0] + 3] = 9 }
    }

    @Test func zip64ValuesMissingOrTooLarge() {
        expectBroken("zip64-extra-missing") { bytes, b in bytes.zipPut(0xFFFF_FFFF, at: b.centralOffsets[0] + 20, 4) }
        expectBroken("zip64-extra-missing") { bytes, b in bytes.zipPut(0xFFFF_FFFF, at: b.centralOffsets[1] + 42, 4) }
        expectBroken("zip64-extra-missing") { bytes, b in bytes.zipPut(0xFFFF_FFFF, at: b.localOffsets[0] + 22, 4) }
        expectBroken("zip-size-out-of-range", Self.twoZip64) { bytes, b in
            bytes.zipPut(UInt64(1) << 63, at: b.centralOffsets[0] + 46 + 5 + 4, 8)
        }
    }

    @Test func localHeaderMissing() {
        expectBroken("zip-local-header-bad") { bytes, b in bytes.zipPut(b.localOffsets[1] + 1, at: b.centralOffsets[1] + 42, 4) }
        expectBroken("zip-local-header-bad") { bytes, b in bytes.zipPut(0xFFFF_FFF0, at: b.centralOffsets[1] + 42, 4) }
        expectBroken("zip-local-header-bad") { bytes, b in bytes.zipPut(60_000, at: b.localOffsets[1] + 26, 2) }
    }

    @Test func localHeaderDisagrees() {
        expectBroken("zip-local-header-mismatch") { bytes, b in bytes[b.localOffsets[0] + 30] = UInt8(ascii: "z") }
        expectBroken("zip-local-header-mismatch") { bytes, b in bytes.zipPut(8, at: b.localOffsets[0] + 8, 2) }
        expectBroken("zip-local-header-mismatch") { bytes, b in bytes.zipPut(6, at: b.localOffsets[0] + 18, 4) }
        expectBroken("zip-local-header-mismatch") { bytes, b in bytes.zipPut(6, at: b.localOffsets[0] + 22, 4) }
        expectBroken("zip-local-header-mismatch") { bytes, b in bytes[b.localOffsets[0] + 14] ^= 1 }
        expectBroken("zip-local-header-mismatch") { bytes, b in bytes[b.localOffsets[0] + 6] |= 1 }
        expectBroken("zip-local-header-mismatch", Self.twoZip64) { bytes, b in
            bytes.zipPut(4, at: b.localOffsets[1] + 30 + 5 + 4 + 8, 8)  // the local ZIP64 compressed size
        }
    }

    @Test func entryPastEndOfFile() {
        expectBroken("zip-entry-truncated") { bytes, b in
            for at in [b.localOffsets[1] + 18, b.centralOffsets[1] + 20] {
                bytes.zipPut(100_000, at: at, 4); bytes.zipPut(100_000, at: at + 4, 4)
            }
        }
    }

    @Test func overlappingEntries() {
        let twins = TestZip([TestZipEntry("a", "same"), TestZipEntry("a", "same")])
        expectBroken("zip-overlap", twins) { bytes, b in bytes.zipPut(b.localOffsets[0], at: b.centralOffsets[1] + 42, 4) }
        expectBroken("zip-overlap") { bytes, b in  // the last entry runs into the central directory
            for at in [b.localOffsets[1] + 18, b.centralOffsets[1] + 20] {
                bytes.zipPut(15, at: at, 4); bytes.zipPut(15, at: at + 4, 4)
            }
        }
        expectBroken("zip-overlap") { bytes, b in  // the first entry runs into the second
            for at in [b.localOffsets[0] + 18, b.centralOffsets[0] + 20] {
                bytes.zipPut(15, at: at, 4); bytes.zipPut(15, at: at + 4, 4)
            }
        }
    }

    @Test func storedSizesDiffer() {
        var entry = TestZipEntry("s", [1, 2, 3])
        entry.declaredSize = 99
        expectZipRule("zip-stored-size-mismatch") { _ = try TestZip([entry]).build().archive() }
    }

    @Test func readingContents() throws {
        let text = Array(String(repeating: "abc", count: 100).utf8)
        var lying = TestZipEntry("lying", [UInt8](repeating: 0, count: 1 << 20), method: 8)
        lying.declaredSize = 1000
        lying.crc = 0
        var short = TestZipEntry("short", text, method: 8)
        short.declaredSize = 400
        var random = SplitMix64(seed: 7)
        let noise = (0..<4000).map { _ in random.byte() }
        var cut = TestZipEntry("cut", noise, method: 8)
        cut.payload = Array(zipDeflate(noise).prefix(2000))
        var garbage = TestZipEntry("garbage", text, method: 8)
        garbage.payload = [UInt8](repeating: 0xFF, count: 16)
        var empty = TestZipEntry("empty", Array("hello".utf8), method: 8)
        empty.payload = []
        var badCRC = TestZipEntry("badcrc", text, method: 8)
        badCRC.crc = 1234
        var badStoredCRC = TestZipEntry("badstored", text)
        badStoredCRC.crc = 1234
        let archive = try TestZip([lying, short, cut, garbage, empty, badCRC, badStoredCRC, TestZipEntry("fine", text, method: 8)])
            .build().archive()
        func read(_ name: String, _ cap: Int = 1 << 20) throws { _ = try archive.contents(of: archive.entry(named: name)!, maxSize: cap) }
        expectZipRule("zip-entry-too-large") { try read("fine", 299) }
        expectZipRule("zip-inflate-too-large") { try read("lying") }
        expectZipRule("zip-inflate-short") { try read("short") }
        expectZipRule("zip-inflate-truncated") { try read("cut") }
        expectZipRule("zip-inflate-truncated") { try read("empty") }
        expectZipRule("zip-inflate-failed") { try read("garbage") }
        expectZipRule("zip-crc-mismatch") { try read("badcrc") }
        expectZipRule("zip-crc-mismatch") { try read("badstored") }
        expectZipRule("zip-not-stored") { _ = try archive.reader(for: archive.entry(named: "fine")!) }
        #expect(try archive.contents(of: archive.entry(named: "fine")!, maxSize: 300) == text)
    }

    @Test func errorsNameTheFileOffsetAndRule() throws {
        var built = Self.two.build()
        built.bytes[built.centralOffsets[1]] = 0
        let error = try #require(expectZipRule("zip-cd-bad-signature") { _ = try built.archive() })
        #expect(error.offset == built.centralOffsets[1])
        #expect(error.description.hasPrefix("test.zip@0x\(String(built.centralOffsets[1], radix: 16))"))
        #expect(error.description.contains("zip-cd-bad-signature"))
    }
}
