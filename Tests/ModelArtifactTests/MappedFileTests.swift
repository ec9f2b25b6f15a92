import SystemSeam
import Testing
import TestSupport
@testable import ModelArtifact

/// The `ArtifactError` that mapping `path` throws.
private func mappingError(_ path: String) -> ArtifactError? {
    #expect(throws: ArtifactError.self) { _ = try MappedFile(path: path) }
}

@Suite struct MappedFileTests {
    @Test func regularFileMapsAndReads() throws {
        let dir = try ScratchFolder()
        defer { dir.remove() }
        let content: [UInt8] = Array("GGUF".utf8) + [3, 0, 0, 0] + (0..<200).map { UInt8($0) }
        let path = try dir.write("model.gguf", content)
        let file = try MappedFile(path: path)
        #expect(file.path == path)
        #expect(file.size == content.count)
        #expect(Array(file.bytes) == content)
        var r = file.reader()
        #expect(try r.string(4) == "GGUF")
        #expect(try r.u32() == 3)
        var tail = file.reader(200..<300)
        #expect(tail.range == 200..<208)
        #expect(try tail.u8() == 192)
    }

    @Test func largerThanAPageMapsWhole() throws {
        let dir = try ScratchFolder()
        defer { dir.remove() }
        let count = 3 * 4096 + 123
        let content = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let file = try MappedFile(path: try dir.write("big.bin", content))
        #expect(file.size == count)
        #expect(file.bytes[count - 1] == content[count - 1])
        #expect(Array(file.bytes[4090..<4100]) == Array(content[4090..<4100]))
    }

    @Test func directoryIsNotARegularFile() throws {
        let dir = try ScratchFolder()
        defer { dir.remove() }
        let error = mappingError(dir.path)
        #expect(error?.rule == "not-a-regular-file")
        #expect(error?.found == "a directory")
        #expect(error?.file == dir.path)
    }

    /// `open` uses `O_NONBLOCK`, so a FIFO with no writer is refused at once instead of blocking.
    @Test func fifoIsRefusedWithoutHanging() throws {
        let dir = try ScratchFolder()
        defer { dir.remove() }
        let fifo = dir.path + "/pipe"
        try #require(mkfifo(fifo, 0o600) == 0)
        let error = mappingError(fifo)
        #expect(error?.rule == "not-a-regular-file")
        #expect(error?.found == "a FIFO")
    }

    @Test func characterDeviceIsNotARegularFile() {
        let error = mappingError("/dev/null")
        #expect(error?.rule == "not-a-regular-file")
        #expect(error?.found == "a character device")
    }

    @Test func emptyFile() throws {
        let dir = try ScratchFolder()
        defer { dir.remove() }
        let error = mappingError(try dir.write("empty.safetensors", []))
        #expect(error?.rule == "empty-file")
        #expect(error?.offset == 0)
    }

    @Test func missingFile() throws {
        let dir = try ScratchFolder()
        defer { dir.remove() }
        let error = mappingError(dir.path + "/no-such-file.onnx")
        #expect(error?.rule == "unreadable")
        #expect(error?.offset == nil)
        #expect(error?.file == dir.path + "/no-such-file.onnx")
        #expect(mappingError("")?.rule == "unreadable")
    }

    @Test func symlinkToRegularFileIsFollowed() throws {
        let dir = try ScratchFolder()
        defer { dir.remove() }
        let target = try dir.write("target.bin", [1, 2, 3])
        let link = dir.path + "/link.bin"
        try #require(symlink(target, link) == 0)
        let file = try MappedFile(path: link)
        #expect(Array(file.bytes) == [1, 2, 3])
        #expect(file.path == link)
    }

    @Test func inMemoryBytesAreCopied() throws {
        var source: [UInt8] = [9, 8, 7]
        let file = MappedFile(bytes: source, name: "prefix")
        source[0] = 0
        #expect(file.path == "prefix")
        #expect(file.size == 3)
        #expect(Array(file.bytes) == [9, 8, 7])
        var r = file.reader()
        #expect(try r.u8() == 9)
        // Any collection of bytes, including a slice and an empty one.
        let slice = MappedFile(bytes: [1, 2, 3, 4, 5][1..<4], name: "slice")
        #expect(Array(slice.bytes) == [2, 3, 4])
        let empty = MappedFile(bytes: EmptyCollection<UInt8>(), name: "empty")
        #expect(empty.size == 0)
        #expect(empty.bytes.isEmpty)
        var e = empty.reader()
        #expect(e.isAtEnd)
        #expect(e.peekByte() == nil)
        #expect(throws: ArtifactError.self) { try e.u8() }
    }

    @Test func adviseNeverCrashes() throws {
        let dir = try ScratchFolder()
        defer { dir.remove() }
        let content = (0..<(5 * 4096 + 7)).map { UInt8(truncatingIfNeeded: $0) }
        let file = try MappedFile(path: try dir.write("advise.bin", content))
        let memory = MappedFile(bytes: content, name: "memory")
        let empty = MappedFile(bytes: [UInt8](), name: "empty")
        let ranges: [Range<Int>?] = [nil, 0..<1, 4095..<4097, 100..<(5 * 4096 + 7), 9000..<9000, -50..<10,
                                     20_000..<1_000_000, Int.min..<Int.max, 1_000_000..<2_000_000]
        for target in [file, memory, empty] {
            for access in [MappedFile.Access.sequential, .random, .willNeed, .dontNeed] {
                for range in ranges { target.advise(access, range: range) }
            }
        }
        // The bytes still read back after being dropped from memory.
        file.advise(.dontNeed)
        #expect(Array(file.bytes) == content)
        #expect(Array(memory.bytes) == content)
    }

    @Test func mappingOutlivesReaders() throws {
        let dir = try ScratchFolder()
        defer { dir.remove() }
        let path = try dir.write("keep.bin", [0xde, 0xad, 0xbe, 0xef])
        var r = try MappedFile(path: path).reader()
        // The reader holds the file; the mapping stays valid after the last other reference goes.
        #expect(try r.integer(UInt32.self, .big) == 0xdead_beef)
    }
}
