import Testing
import ModelArtifact
import TestSupport
import ZipContainer

@Suite("ZIP archives that are well formed")
struct ZipArchiveTests {
    static let pickle = Array("\u{80}\u{02}}q\u{00}.".utf8)
    static let storage = (0..<48).map { UInt8($0) }
    static let text = Array(String(repeating: "a model card, repeated. ", count: 40).utf8)

    /// A torch.save-like archive: pickle, an aligned storage, a deflated text, a directory.
    static func sample(zip64: Bool = false, descriptor: TestZipEntry.Descriptor = .none) -> TestZip {
        let pkl = TestZipEntry("archive/data.pkl", pickle)
        var data = TestZipEntry("archive/data/0", storage)
        data.align = 64
        let notes = TestZipEntry("archive/notes.txt", text, method: 8)
        let folder = TestZipEntry("archive/extra/")
        var all = [pkl, data, notes, folder]
        for k in all.indices {
            all[k].zip64 = zip64
            all[k].descriptor = descriptor
            all[k].flags |= 0x0800
        }
        var archive = TestZip(all)
        archive.zip64End = zip64
        return archive
    }

    func checkSample(_ archive: ZipArchive) throws {
        #expect(archive.findings == [])
        #expect(archive.prefixLength == 0)
        #expect(archive.entries.map(\.name) == ["archive/data.pkl", "archive/data/0", "archive/notes.txt", "archive/extra/"])
        #expect(archive.entries.map(\.index) == [0, 1, 2, 3])
        let pkl = try #require(archive.entry(named: "archive/data.pkl"))
        #expect(pkl.method == .stored)
        #expect(pkl.uncompressedSize == Self.pickle.count)
        #expect(try archive.contents(of: pkl, maxSize: 1 << 20) == Self.pickle)

        let data = try #require(archive.entry(named: "archive/data/0"))
        let range = try archive.dataRange(of: data)
        #expect(range.lowerBound % 64 == 0)
        #expect(range.lowerBound == data.dataOffset)
        #expect(Array(archive.file.bytes[range]) == Self.storage)
        var reader = try archive.reader(for: data)
        #expect(reader.range == range)
        #expect(try reader.u32() == 0x0302_0100)

        let notes = try #require(archive.entry(named: "archive/notes.txt"))
        #expect(notes.method == .deflated)
        #expect(notes.compressedSize < notes.uncompressedSize)
        #expect(try archive.contents(of: notes, maxSize: Self.text.count) == Self.text)
        #expect(notes.crc32 == zipCRC32(Self.text))

        let folder = try #require(archive.entry(named: "archive/extra/"))
        #expect(folder.isDirectory && !pkl.isDirectory)
        #expect(try archive.contents(of: folder, maxSize: 0) == [])
        #expect(archive.entry(named: "missing") == nil)
    }

    @Test func storedAndDeflatedEntries() throws {
        let built = Self.sample().build()
        let archive = try built.archive()
        try checkSample(archive)
        #expect(!archive.isZip64)
        #expect(archive.centralDirectoryRange == built.directoryOffset..<built.endOffset)
        #expect(archive.entries.map(\.localHeaderOffset) == built.localOffsets)
        #expect(archive.entries.map(\.centralHeaderOffset) == built.centralOffsets)
        #expect(archive.entries.allSatisfy { !$0.isZip64 && $0.isUTF8 && !$0.isEncrypted && !$0.isSymlink })
    }

    @Test func zip64RecordsForcedOnSmallEntries() throws {
        let built = Self.sample(zip64: true).build()
        let archive = try built.archive()
        try checkSample(archive)
        #expect(archive.isZip64)
        #expect(archive.entries.allSatisfy { $0.isZip64 })
        #expect(archive.centralDirectoryRange == built.directoryOffset..<built.zip64EndOffset!)
    }

    @Test(arguments: [TestZipEntry.Descriptor.signed, .unsigned])
    func dataDescriptors(_ descriptor: TestZipEntry.Descriptor) throws {
        try checkSample(try Self.sample(descriptor: descriptor).build().archive())
        let zip64 = try Self.sample(zip64: true, descriptor: descriptor).build().archive()
        try checkSample(zip64)
        #expect(zip64.entries.allSatisfy { $0.hasDataDescriptor })
    }

    @Test func emptyArchiveAndComment() throws {
        var empty = TestZip([])
        empty.comment = Array("made by a test".utf8)
        let built = empty.build()
        let archive = try built.archive()
        #expect(archive.entries.isEmpty)
        #expect(archive.findings.isEmpty)
        #expect(Array(archive.file.bytes[archive.commentRange]) == empty.comment)
        #expect(archive.prefixLength == 0)
    }

    @Test func namesInUTF8AndCodePage437() throws {
        var legacy = TestZipEntry("x", [1])
        legacy.nameBytes = [0x80, 0x41, 0xE1, 0xFF]
        var modern = TestZipEntry("modèle/poids.bin", [2])
        modern.flags = 0x0800
        let archive = try TestZip([legacy, modern]).build().archive()
        #expect(archive.entries.map(\.name) == ["ÇAß\u{00A0}", "modèle/poids.bin"])
        #expect(archive.findings.isEmpty)
    }

    @Test func unixModeAndMethodNames() throws {
        let archive = try TestZip([TestZipEntry("a", [1])]).build().archive()
        #expect(archive.entries[0].externalAttributes >> 16 == 0o100644)
        #expect(archive.entries[0].versionMadeBy >> 8 == 3)
        #expect(ZipMethod.deflated.description == "deflated")
        #expect(ZipMethod(rawValue: 93).description == "zstd")
        #expect(ZipMethod(rawValue: 77).description == "method 77")
    }
}
