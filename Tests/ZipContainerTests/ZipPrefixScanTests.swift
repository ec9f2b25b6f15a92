import Testing
import ModelArtifact
import TestSupport
import ZipContainer

/// Walking local headers over the first bytes of an upload stream, never throwing.
@Suite("ZIP local-header scan of a prefix")
struct ZipPrefixScanTests {
    static func scan(_ bytes: [UInt8], maxEntries: Int = 256) -> ZipLocalScan {
        ZipArchive.scanLocalHeaders(MappedFile(bytes: bytes, name: "prefix").reader(), maxEntries: maxEntries)
    }

    static let names = ["archive/data.pkl", "archive/data/0", "archive/notes.txt", "archive/extra/"]

    @Test func wholeArchivesAreComplete() {
        for zip in [ZipArchiveTests.sample(), ZipArchiveTests.sample(zip64: true),
                    ZipArchiveTests.sample(descriptor: .signed), ZipArchiveTests.sample(zip64: true, descriptor: .signed)] {
            let bytes = zip.build().bytes
            let found = Self.scan(bytes)
            // A deflated entry with a data descriptor stops the walk: its size is only in the descriptor.
            if zip.entries[0].descriptor == .none {
                #expect(found.names == Self.names)
                #expect(found.complete && found.stop == .centralDirectory)
            } else {
                #expect(found.names == Array(Self.names.prefix(3)))
                #expect(found.stop == .dataDescriptor && !found.complete)
            }
        }
    }

    @Test func everyPrefixListsAPrefixOfTheNames() {
        let bytes = ZipArchiveTests.sample(zip64: true).build().bytes
        for cut in 0...bytes.count {
            let found = Self.scan(Array(bytes[..<cut]))
            #expect(Array(Self.names.prefix(found.names.count)) == found.names)
            #expect(found.complete == (found.names.count == 4 && found.stop == .centralDirectory))
        }
    }

    @Test func storedEntriesWithDescriptorsAreWalked() {
        var entries = (0..<3).map { TestZipEntry("archive/data/\($0)", [UInt8](repeating: UInt8($0), count: 70)) }
        for k in entries.indices {
            entries[k].descriptor = .signed
            entries[k].align = 64
            entries[k].flags = 0x0800
        }
        entries[1].zip64 = true
        let found = Self.scan(TestZip(entries).build().bytes)
        #expect(found.names == ["archive/data/0", "archive/data/1", "archive/data/2"])
        #expect(found.complete)
    }

    @Test func limitsAndNonArchives() {
        let bytes = ZipArchiveTests.sample().build().bytes
        let limited = Self.scan(bytes, maxEntries: 2)
        #expect(limited.names == Array(Self.names.prefix(2)) && limited.stop == .entryLimit)
        #expect(Self.scan(Array("#!/bin/sh\n".utf8) + bytes).stop == .notAHeader)
        #expect(Self.scan([]).stop == .endOfData)
        #expect(Self.scan([0x50, 0x4B, 0x03]).stop == .endOfData)
        var empty = TestZip([]).build().bytes
        #expect(Self.scan(empty).complete)
        empty[0] = 0
        #expect(Self.scan(empty) == ZipLocalScan(names: [], stop: .notAHeader))
    }

    @Test func codePage437Names() {
        var entry = TestZipEntry("x", [1])
        entry.nameBytes = [0x82, 0x74, 0x65]
        #expect(Self.scan(TestZip([entry]).build().bytes).names == ["éte"])
    }
}
