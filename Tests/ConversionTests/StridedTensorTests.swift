import Conversion
import Crypto
import Foundation
import ModelArtifact
import TestSupport
import Testing

@Suite struct StridedTensorTests {
    @Test func outOfBoundsAndSwap() throws {
        let file = MappedFile(bytes: [1, 2, 3, 4, 5, 6, 7, 8], name: "mem")
        let bad = StridedTensor(name: "t", dtype: .f32, shape: [3], file: file, base: 0, strides: nil, elementSize: 4)
        #expect(rule { try bad.validate() } == "convert-tensor-out-of-bounds")
        let negative = StridedTensor(name: "t", dtype: .f32, shape: [2], file: file, base: 0, strides: [-1], elementSize: 4)
        #expect(rule { try negative.validate() } == "convert-tensor-out-of-bounds")
        let swapped = StridedTensor(name: "t", dtype: .f32, shape: [2], file: file, base: 0, strides: nil, elementSize: 4,
                                    swapBytes: true)
        var out: [UInt8] = []
        try swapped.forEachChunk { out += $0 }
        #expect(out == [4, 3, 2, 1, 8, 7, 6, 5])
        let transposed = StridedTensor(name: "t", dtype: .u8, shape: [2, 4], file: file, base: 0, strides: [1, 2], elementSize: 1)
        out = []
        try transposed.forEachChunk(chunk: 3) { out += $0 }
        #expect(out == [1, 3, 5, 7, 2, 4, 6, 8])
    }

    /// Random views (permuted strides, offsets, byte swaps, element sizes 1…8 and 3) read in chunks
    /// of every size give the elements a plain index walk gives.
    @Test func randomViewsGatherInRowMajorOrder() throws {
        var random = SplitMix64(seed: 11)
        let source = (0..<4096).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let file = MappedFile(bytes: source, name: "mem")
        for trial in 0..<300 {
            let size = [1, 2, 3, 4, 8][Int(random.next() % 5)]
            let rank = Int(random.next() % 4)
            let shape = (0..<rank).map { _ in Int(random.next() % 5) + 1 }
            var strides = StridedTensor.contiguous(shape)
            if rank > 1 { strides.reverse() }
            if rank > 0, random.next() % 2 == 0 { strides[rank - 1] += Int(random.next() % 3) }
            let extent = zip(shape, strides).reduce(0) { $0 + ($1.0 - 1) * $1.1 } + 1
            guard extent * size <= source.count else { continue }
            let base = Int(random.next() % UInt64(source.count - extent * size + 1))
            let swap = size > 1 && random.next() % 2 == 0
            let tensor = StridedTensor(name: "t", dtype: .u8, shape: shape, file: file, base: base, strides: strides,
                                       elementSize: size, swapBytes: swap)
            var expected: [UInt8] = []
            var index = [Int](repeating: 0, count: rank)
            for _ in 0..<tensor.elementCount {
                let at = base + zip(index, strides).reduce(0) { $0 + $1.0 * $1.1 } * size
                let element = Array(source[at..<(at + size)])
                expected += swap ? element.reversed() : element
                var k = rank - 1
                while k >= 0 {
                    index[k] += 1
                    if index[k] < shape[k] { break }
                    index[k] = 0
                    k -= 1
                }
            }
            let chunk = [1, 5, 8, 64, 1 << 20][trial % 5]
            var out: [UInt8] = []
            try tensor.forEachChunk(chunk: chunk) { out += $0 }
            #expect(out == expected, "shape \(shape) strides \(strides) size \(size) swap \(swap) chunk \(chunk)")
        }
    }
}

/// A source truncated by another process while a tensor is read: an error, not SIGBUS.
@Suite struct TruncatedSourceTests {
    @Test func shrinkingSourceIsAnError() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        // A gathered (transposed) view and a contiguous one, each over its own file cut to one page.
        for (name, shape, strides, size) in [("t", [512, 512], [1, 512] as [Int]?, 4), ("p", [1 << 20], nil, 1)] {
            let path = try scratch.write(name + ".bin", [UInt8](repeating: 7, count: 1 << 20))
            let file = try MappedFile(path: path)
            let tensor = StridedTensor(name: name, dtype: .u8, shape: shape, file: file, base: 0, strides: strides, elementSize: size)
            #expect(truncate(path, 4096) == 0)
            var sum = 0
            #expect(rule { try tensor.forEachChunk { chunk in sum = chunk.reduce(sum) { $0 &+ Int($1) } } } == "file-changed", "\(name)")
        }
        // Copied in the kernel: the copy comes up short.
        let path = try scratch.write("k.bin", [UInt8](repeating: 7, count: 1 << 20))
        let file = try MappedFile(path: path)
        #expect(truncate(path, 4096) == 0)
        let out = try AtomicOutput(path: scratch.path + "/k.out", inputs: [path])
        #expect(rule { try out.copy(file, 0..<file.size) } == "file-changed")
    }
}

/// `AtomicOutput`: what it returns is the SHA-256 of the file it renamed into place, whichever way
/// the bytes went in (copied file to file, written from memory, from a mapping of bytes in memory).
@Suite struct AtomicOutputTests {
    @Test func digestIsOfTheFileWritten() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        var random = SplitMix64(seed: 5)
        let bytes = (0..<(3 << 20) + 123).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let onDisk = try MappedFile(path: try scratch.write("in.bin", bytes))
        let inMemory = MappedFile(bytes: bytes, name: "mem")
        let path = scratch.path + "/out.bin"
        let out = try AtomicOutput(path: path, inputs: [onDisk.path], options: WriteOptions(fsync: true))
        try out.write(Array(bytes[0..<100]))
        try out.copy(onDisk, 100..<(2 << 20))
        try out.copy(inMemory, (2 << 20)..<bytes.count)
        try out.pad(3)
        #expect(!FileManager.default.fileExists(atPath: path))
        let digest = try out.commit()
        let written = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(written == bytes + [0, 0, 0])
        #expect(digest == SHA256.hash(data: written).map { String(format: "%02x", $0) }.joined())
        #expect(!FileManager.default.fileExists(atPath: out.temporaryPath))
    }

    @Test func abandonedOutputLeavesNothing() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        var temporary = ""
        do {
            let out = try AtomicOutput(path: scratch.path + "/never.bin", inputs: [])
            temporary = out.temporaryPath
            try out.write([1, 2, 3])
            #expect(FileManager.default.fileExists(atPath: temporary))
        }
        #expect(!FileManager.default.fileExists(atPath: temporary))
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/never.bin"))
        // Each abandoned output ends its hashing thread: more of them than the thread pool holds,
        // then one committed, which would wait for a thread forever if they did not.
        for k in 0..<100 {
            let out = try AtomicOutput(path: scratch.path + "/gone\(k).bin", inputs: [])
            try out.write([UInt8(k)])
        }
        let last = try AtomicOutput(path: scratch.path + "/kept.bin", inputs: [])
        try last.write([1])
        #expect(try last.commit() == "4bf5122f344554c53bde2ebb8cd2b7e3d1600ad631c385a5d7cce23c7785459a")
    }
}
