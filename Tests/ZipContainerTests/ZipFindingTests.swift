import Testing
import ModelArtifact
import TestSupport
import ZipContainer

/// Every ZIP finding code, each raised by an archive that is still readable.
@Suite("ZIP findings")
struct ZipFindingTests {
    static func read(_ entries: [TestZipEntry], limits: ZipLimits = ZipLimits(),
                     configure: (inout TestZip) -> Void = { _ in }) throws -> ZipArchive {
        var zip = TestZip(entries)
        configure(&zip)
        return try zip.build().archive(limits)
    }

    @Test(arguments: ["../evil.py", "a/../../b", "/etc/passwd", "C:/Windows/x", "c:x", "..\\up.txt", "\\\\server\\share", ".."])
    func unsafePath(_ name: String) throws {
        let archive = try Self.read([TestZipEntry(name, [1])])
        #expect(zipCodes(archive).contains("ZIP001"), "\(name)")
        let finding = try #require(archive.findings.first { $0.code == "ZIP001" })
        #expect(finding.severity == .error)
        #expect(finding.location == "test.zip@0x\(String(archive.entries[0].centralHeaderOffset, radix: 16))")
    }

    @Test func unsafeUnicodePathExtraField() throws {
        var entry = TestZipEntry("model.bin", [1])
        let other = Array("../../.bashrc".utf8)
        entry.centralExtra.zipAppend(0x7075, 2); entry.centralExtra.zipAppend(5 + other.count, 2)
        entry.centralExtra.zipAppend(1, 1); entry.centralExtra.zipAppend(zipCRC32(Array("model.bin".utf8)), 4)
        entry.centralExtra += other
        let archive = try Self.read([entry])
        #expect(zipCodes(archive) == ["ZIP001"])
        #expect(archive.entries[0].name == "model.bin")
        #expect(archive.findings[0].message.contains("../../.bashrc"))
    }

    @Test(arguments: ["a..b/c", "..a", "dir/..hidden", "./x", "ab:c"])
    func namesThatLookOddButStayInside(_ name: String) throws {
        #expect(try Self.read([TestZipEntry(name, [1])]).findings == [])
    }

    @Test(arguments: ["dir\\file", "nul\u{0}byte", "tab\tname", ""])
    func unportableName(_ name: String) throws {
        let archive = try Self.read([TestZipEntry(name, [1])])
        #expect(zipCodes(archive) == ["ZIP002"], "\(name)")
        #expect(archive.findings[0].severity == .warning)
    }

    @Test func invalidUTF8Name() throws {
        var entry = TestZipEntry("x", [1])
        entry.nameBytes = [0x61, 0xFF, 0x62]
        entry.flags = 0x0800
        let archive = try Self.read([entry])
        #expect(zipCodes(archive) == ["ZIP002"])
        #expect(archive.entries[0].name == "a\u{FFFD}b")
    }

    @Test func duplicateName() throws {
        let archive = try Self.read([TestZipEntry("w", [1]), TestZipEntry("v", [2]), TestZipEntry("w", [3])])
        #expect(zipCodes(archive) == ["ZIP003"])
        #expect(archive.findings[0].severity == .error)
        #expect(archive.entry(named: "w")?.index == 0)
    }

    @Test func encryptedEntry() throws {
        var entry = TestZipEntry("secret", [1, 2, 3])
        entry.flags = 0x0001
        let archive = try Self.read([entry])
        #expect(zipCodes(archive) == ["ZIP004"])
        #expect(archive.entries[0].isEncrypted)
        #expect(try archive.dataRange(of: archive.entries[0]).count == 3)
        expectZipRule("zip-encrypted") { _ = try archive.contents(of: archive.entries[0], maxSize: 100) }
        expectZipRule("zip-encrypted") { _ = try archive.reader(for: archive.entries[0]) }
    }

    @Test func unsupportedMethod() throws {
        let archive = try Self.read([TestZipEntry("b.bz2", [9, 9, 9], method: 12)])
        #expect(zipCodes(archive) == ["ZIP005"])
        #expect(archive.entries[0].method.description == "bzip2")
        expectZipRule("zip-unsupported-method") { _ = try archive.contents(of: archive.entries[0], maxSize: 100) }
    }

    @Test func prefixData() throws {
        let stub = Array("MZ self-extractor stub".utf8)
        let archive = try Self.read([TestZipEntry("a.txt", "hello")]) { $0.prefix = stub }
        #expect(zipCodes(archive) == ["ZIP006"])
        #expect(archive.prefixLength == stub.count)
        #expect(try archive.contents(of: archive.entries[0], maxSize: 10) == Array("hello".utf8))
    }

    @Test func unaccountedBytesBetweenEntries() throws {
        var first = TestZipEntry("a", [1, 2])
        first.gapAfter = Array("hidden payload".utf8)
        let archive = try Self.read([first, TestZipEntry("b", [3])])
        #expect(zipCodes(archive) == ["ZIP007"])
        #expect(archive.findings[0].message.hasPrefix("14 bytes in 1 places"))
    }

    @Test func trailingData() throws {
        let archive = try Self.read([TestZipEntry("a", [1])]) { $0.trailing = [0, 1, 2, 3, 4] }
        #expect(zipCodes(archive) == ["ZIP008"])
        #expect(archive.entries.map(\.name) == ["a"])
    }

    @Test func endSignatureInsideComment() throws {
        var fake: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
        fake += [UInt8](repeating: 0, count: 18)  // a complete, empty end record
        for comment in [fake, Array("note ".utf8) + fake + Array(" more".utf8), fake + fake] {
            let archive = try Self.read([TestZipEntry("a", [1]), TestZipEntry("b", [2])]) { $0.comment = comment }
            #expect(archive.entries.map(\.name) == ["a", "b"])
            #expect(zipCodes(archive) == ["ZIP009"])
            #expect(archive.commentRange.count == comment.count)
        }
    }

    @Test func compressionBomb() throws {
        var bomb = TestZipEntry("bomb.bin", [0], method: 8)
        bomb.declaredSize = 2 << 30
        let archive = try Self.read([bomb])
        #expect(zipCodes(archive) == ["ZIP010"])
        expectZipRule("zip-entry-too-large") { _ = try archive.contents(of: archive.entries[0], maxSize: 1 << 20) }
        let relaxed = try Self.read([bomb], limits: ZipLimits(bombRatio: Int.max))
        #expect(relaxed.findings == [])
    }

    @Test func hugeTotalInflated() throws {
        let entries = (0..<3).map { TestZipEntry("t\($0).txt", String(repeating: "x", count: 400), method: 8) }
        let archive = try Self.read(entries, limits: ZipLimits(maxTotalInflated: 1000))
        #expect(zipCodes(archive) == ["ZIP011"])
        #expect(try Self.read(entries).findings == [])
    }

    @Test(arguments: [TestZipEntry.Descriptor.signed, .unsigned])
    func descriptorMismatch(_ kind: TestZipEntry.Descriptor) throws {
        var entry = TestZipEntry("a.bin", [1, 2, 3, 4])
        entry.descriptor = kind
        var built = TestZip([entry, TestZipEntry("b", [5])]).build()
        let descriptor = built.localOffsets[0] + 30 + 5 + 4 + (kind == .signed ? 4 : 0)
        built.bytes[descriptor] ^= 0xFF  // the CRC
        let archive = try built.archive()
        #expect(Set(zipCodes(archive)) == ["ZIP012", "ZIP007"])
        #expect(try archive.contents(of: archive.entries[0], maxSize: 4) == [1, 2, 3, 4])
    }

    @Test func symlinkEntry() throws {
        var link = TestZipEntry("weights.bin", Array("/etc/shadow".utf8))
        link.externalAttributes = 0o120777 << 16
        let archive = try Self.read([link])
        #expect(zipCodes(archive) == ["ZIP013"])
        #expect(archive.entries[0].isSymlink)
    }

    @Test func findingsOfOneCodeAreCapped() throws {
        let entries = (0..<30).map { TestZipEntry("../x\($0)", [UInt8($0)]) }
        let archive = try Self.read(entries)
        #expect(archive.findings.count == 21)
        #expect(archive.findings.allSatisfy { $0.code == "ZIP001" })
        #expect(archive.findings.last?.message == "10 more ZIP001 findings not listed")
    }

    @Test func codesAreStable() {
        let expected: [String] = (1...13).map { (n: Int) -> String in n < 10 ? "ZIP00\(n)" : "ZIP0\(n)" }
        #expect(ZipFindingCode.allCases.map(\.rawValue) == expected)
        #expect(ZipFindingCode.unsafePath.severity == .error)
        #expect(ZipFindingCode.prefixData.severity == .warning)
    }
}
