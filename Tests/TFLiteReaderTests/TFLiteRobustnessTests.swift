import ModelArtifact
import Testing
import TestSupport
@testable import TFLiteReader

/// Damaged models never crash, hang or throw anything but `ArtifactError`.
@Suite struct TFLiteRobustnessTests {
    /// A model using every table the reader reads: quantization, sparsity, variables, custom codes,
    /// signatures, metadata, an offset buffer.
    static func richModel() -> [UInt8] {
        var b = TFLiteBuilder.tiny()
        b.opcodes.append((32, "Custom", 1))
        b.graphs[0].tensors[1].quantization = ([0.5, 0.25, 0.125], [0, 1, -1], 0)
        b.graphs[0].tensors[2].sparse = true
        b.graphs[0].tensors[3].isVariable = true
        b.graphs[0].ops.append(TFLiteBuilder.Op(opcode: 1, inputs: [3, -1], outputs: [3]))
        b.graphs.append(TFLiteBuilder.Graph(name: "second", tensors: [TFLiteBuilder.Tensor(name: "v", shape: [2], buffer: 6)],
                                            inputs: [0], outputs: [0], ops: []))
        b.buffers.append(.external(offset: 0, size: 0))
        let flat = b.bytes().count
        b.buffers[6] = .external(offset: UInt64(flat), size: 8)
        return b.bytes(trailing: [UInt8](repeating: 3, count: 8))
    }

    /// Reads and renders `bytes`; records any error that is not an `ArtifactError`.
    @discardableResult
    static func survive(_ bytes: [UInt8], limits: FlatBufferLimits = FlatBufferLimits()) -> Bool {
        do {
            let report = try TFLiteReader.read(MappedFile(bytes: bytes, name: "fuzz.tflite"), limits: limits)
            _ = JSONWriter.string(report.json)
            return true
        } catch is ArtifactError {
            return false
        } catch {
            Issue.record("unexpected error \(error)")
            return false
        }
    }

    @Test func theRichModelReadsCleanly() throws {
        let report = try TFLiteReader.read(MappedFile(bytes: Self.richModel(), name: "rich"))
        #expect(report.findings.isEmpty)
        #expect(report.graphs?.count == 2)
        #expect(report.tensors?.last?.graph == 1 && report.tensors?.last?.length == 8)
    }

    @Test func everyTruncationFailsCleanly() {
        let bytes = Self.richModel()
        var read = 0
        for length in 0..<bytes.count where Self.survive(Array(bytes[..<length])) { read += 1 }
        // Cutting only the offset buffer's bytes leaves a readable FlatBuffer with a finding.
        #expect(read >= 8)
    }

    @Test func randomDamageNeverCrashes() {
        let original = Self.richModel()
        var rng = SplitMix64(seed: 0x7446_4c33)
        var reports = 0
        for _ in 0..<4000 {
            let bytes = rng.damaged(original)
            if Self.survive(bytes) { reports += 1 }
        }
        #expect(reports > 0)
    }

    @Test func tightLimitsFailCleanly() {
        let bytes = Self.richModel()
        for limits in [FlatBufferLimits(maxDepth: 2), FlatBufferLimits(maxTables: 10), FlatBufferLimits(maxWork: 30),
                       FlatBufferLimits(maxBufferSize: 64)] {
            #expect(!Self.survive(bytes, limits: limits))
        }
    }

    @Test func corpusFilesSurviveDamage() throws {
        let relative = "tflite/tflite-micro/sine_float.tflite"
        guard CorpusLocation.exists(relative) else { return }
        let file = try MappedFile(path: CorpusLocation.path(relative))
        let original = withExtendedLifetime(file) { [UInt8](file.bytes) }
        for length in stride(from: 0, to: original.count, by: 7) { Self.survive(Array(original[..<length])) }
        var rng = SplitMix64(seed: 0x5131)
        for _ in 0..<1000 {
            var bytes = original
            bytes[rng.int(below: bytes.count)] = rng.byte()
            Self.survive(bytes)
        }
    }
}
