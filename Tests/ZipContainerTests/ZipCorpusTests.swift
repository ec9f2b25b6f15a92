import FoundationEssentials
import Testing
import ModelArtifact
import TestSupport
import ZipContainer

/// Real archives from the shared corpus (see `CorpusLocation`); skipped when absent.
@Suite("ZIP archives from the corpus")
struct ZipCorpusTests {
    static let torchFile = "pytorch-zip/picklescan/new_pytorch_model.bin"
    static let torchScriptFile = "torchscript/silero-vad/silero_vad.jit"
    static let synapFiles: [String] = {
        let folder = CorpusLocation.path("synap")
        let paths = (try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? []
        return paths.filter { $0.hasSuffix(".synap") }.sorted().map { folder + "/" + $0 }
    }()

    /// Every entry's data lies inside the file, entries do not overlap, and the stored ones read in place.
    func checkLayout(_ archive: ZipArchive) throws {
        var previousEnd = 0
        for entry in archive.entries.sorted(by: { $0.localHeaderOffset < $1.localHeaderOffset }) {
            let range = try archive.dataRange(of: entry)
            #expect(entry.localHeaderOffset >= previousEnd)
            #expect(range.lowerBound > entry.localHeaderOffset)
            #expect(range.upperBound <= archive.centralDirectoryRange.lowerBound)
            #expect(range.count == entry.compressedSize)
            previousEnd = range.upperBound
            if entry.uncompressedSize <= 4 << 20 {
                let bytes = try archive.contents(of: entry, maxSize: 4 << 20)  // CRC-checked
                #expect(bytes.count == entry.uncompressedSize)
            }
        }
    }

    @Test(.enabled(if: CorpusLocation.exists(torchFile), "corpus file missing: \(torchFile)"))
    func torchSaveArchive() throws {
        let archive = try ZipArchive(try MappedFile(path: CorpusLocation.path(Self.torchFile)))
        #expect(archive.entries.map(\.name) == ["archive/data.pkl", "archive/data/0", "archive/version"])
        #expect(archive.findings == [])
        #expect(archive.isZip64)
        #expect(archive.entries.allSatisfy { $0.method == .stored && $0.hasDataDescriptor && $0.isUTF8 })
        try checkLayout(archive)
        let storage = try #require(archive.entry(named: "archive/data/0"))
        let range = try archive.dataRange(of: storage)
        #expect(range == 320..<368)
        #expect(range.lowerBound % 64 == 0)  // the "FB" padding aligns storages
        var reader = try archive.reader(for: storage)
        #expect(try reader.f32() == 1.0)
        #expect(try archive.contents(of: try #require(archive.entry(named: "archive/version")), maxSize: 16) == Array("3\n".utf8))

        let scan = ZipArchive.scanLocalHeaders(archive.file.reader())
        #expect(scan.names == ["archive/data.pkl", "archive/data/0", "archive/version"])
        #expect(scan.complete)
        let prefix = MappedFile(bytes: archive.file.bytes[0..<100], name: "prefix")
        let partial = ZipArchive.scanLocalHeaders(prefix.reader())
        #expect(partial.names == ["archive/data.pkl"])
        #expect(partial.stop == .endOfData)
    }

    @Test(.enabled(if: CorpusLocation.exists(torchScriptFile), "corpus file missing: \(torchScriptFile)"))
    func torchScriptArchive() throws {
        let archive = try ZipArchive(try MappedFile(path: CorpusLocation.path(Self.torchScriptFile)))
        #expect(archive.entries.count == 126)
        #expect(archive.findings == [])
        #expect(archive.entries.contains { $0.name.hasSuffix("/constants.pkl") })
        try checkLayout(archive)
        for entry in archive.entries where entry.name.contains("/data/") {
            #expect(try archive.dataRange(of: entry).lowerBound % 64 == 0)
        }
    }

    @Test(.enabled(if: !synapFiles.isEmpty, "no .synap files under the corpus's synap folder"))
    func synapBundles() throws {
        for path in Self.synapFiles {
            let archive = try ZipArchive(try MappedFile(path: path))
            #expect(archive.entry(named: "bundle.json") != nil, "\(path)")
            #expect(!archive.entries.isEmpty)
            #expect(archive.findings.allSatisfy { $0.severity < .error }, "\(path): \(archive.findings)")
            try checkLayout(archive)
            let bundle = try archive.contents(of: try #require(archive.entry(named: "bundle.json")), maxSize: 1 << 20)
            #expect(bundle.first == UInt8(ascii: "{"), "\(path)")
        }
    }
}
