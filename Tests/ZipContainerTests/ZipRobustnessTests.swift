import Testing
import TestSupport
import ModelArtifact
import ZipContainer

/// Damaged archives: every truncation, thousands of seeded byte flips, signature spam, bombs.
/// Each must either read consistently or throw `ArtifactError`; nothing may trap or throw anything else.
@Suite("ZIP archives damaged on purpose")
struct ZipRobustnessTests {
    static let variants: [[UInt8]] = {
        var plain = ZipArchiveTests.sample()
        plain.comment = Array("c".utf8)
        var withPrefix = ZipArchiveTests.sample(descriptor: .unsigned)
        withPrefix.prefix = Array("#!/bin/sh\n".utf8)
        return [plain.build().bytes, ZipArchiveTests.sample(zip64: true).build().bytes,
                withPrefix.build().bytes, ZipArchiveTests.sample(zip64: true, descriptor: .signed).build().bytes]
    }()

    /// Reads `bytes` every way the API allows; returns whether the archive opened.
    @discardableResult
    static func exercise(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let file = MappedFile(bytes: bytes, name: "fuzz.zip")
        let scan = ZipArchive.scanLocalHeaders(file.reader(), maxEntries: 64)
        #expect(scan.names.count <= 64, sourceLocation: sourceLocation)
        do {
            let archive = try ZipArchive(file)
            for entry in archive.entries {
                let range = try archive.dataRange(of: entry)
                #expect(range.lowerBound >= 0 && range.upperBound <= archive.centralDirectoryRange.lowerBound,
                        sourceLocation: sourceLocation)
                do {
                    let bytes = try archive.contents(of: entry, maxSize: 1 << 16)
                    #expect(bytes.count == entry.uncompressedSize, sourceLocation: sourceLocation)
                    if entry.method == .stored { _ = try archive.reader(for: entry) }
                } catch is ArtifactError {
                } catch {
                    Issue.record("not an ArtifactError: \(error)", sourceLocation: sourceLocation)
                }
            }
            return true
        } catch is ArtifactError {
            return false
        } catch {
            Issue.record("not an ArtifactError: \(error)", sourceLocation: sourceLocation)
            return false
        }
    }

    @Test(arguments: 0..<4)
    func truncatedAtEveryOffset(_ variant: Int) {
        let bytes = Self.variants[variant]
        #expect(Self.exercise(bytes))
        for cut in 0..<bytes.count {
            Self.exercise(Array(bytes[..<cut]))
            Self.exercise(Array(bytes[cut...]))
        }
    }

    @Test func seededByteFlips() {
        var random = SplitMix64(seed: 0x5EED_2026)
        var opened = 0, refused = 0
        for _ in 0..<4000 {
            var bytes = Self.variants[random.int(below: Self.variants.count)]
            for _ in 0...random.int(below: 3) {
                let position = random.int(below: bytes.count)
                switch random.int(below: 3) {
                case 0:
                    bytes[position] ^= UInt8(1) << random.int(below: 8)
                case 1:
                    bytes[position] = [0x00, 0xFF, 0x7F, 0x80, 0x50, 0x4B][random.int(below: 6)]
                default:  // a boundary value over a whole 2-, 4- or 8-byte field
                    let width = [2, 4, 8][random.int(below: 3)]
                    let value: UInt64 = [0, 1, 0xFFFF, 0xFFFF_FFFF, UInt64.max, 1 << 31, 1 << 63][random.int(below: 7)]
                    if position + width <= bytes.count { bytes.zipPut(value, at: position, width) }
                }
            }
            if Self.exercise(bytes) { opened += 1 } else { refused += 1 }
        }
        #expect(opened > 100 && refused > 100, "opened \(opened), refused \(refused)")
    }

    @Test func endSignatureSpamInComment() throws {
        var zip = TestZip([TestZipEntry("a", [1]), TestZipEntry("b", [2])])
        zip.comment = Array([UInt8]([0x50, 0x4B, 0x05, 0x06]).zipRepeated(16_383))
        let archive = try zip.build().archive()
        #expect(archive.entries.map(\.name) == ["a", "b"])
        #expect(zipCodes(archive) == ["ZIP009"])
    }

    @Test func deflateBombIsCapped() throws {
        let zeros = [UInt8](repeating: 0, count: 16 << 20)
        let payload = zipDeflate(zeros)
        var honest = TestZipEntry("honest.bin", zeros, method: 8)
        honest.payload = payload
        var lying = TestZipEntry("lying.bin", zeros, method: 8)
        lying.payload = payload
        lying.declaredSize = 4096
        let archive = try TestZip([honest, lying]).build().archive(ZipLimits(bombRatio: 500))
        #expect(zipCodes(archive) == ["ZIP010"])
        expectZipRule("zip-entry-too-large") { _ = try archive.contents(of: archive.entries[0], maxSize: 1 << 20) }
        expectZipRule("zip-inflate-too-large") { _ = try archive.contents(of: archive.entries[1], maxSize: 1 << 20) }
        #expect(try archive.contents(of: archive.entries[0], maxSize: 16 << 20).count == 16 << 20)
    }
}

extension Array {
    /// The array repeated `count` times.
    func zipRepeated(_ count: Int) -> [Element] { Array((0..<count).map { _ in self }.joined()) }
}
