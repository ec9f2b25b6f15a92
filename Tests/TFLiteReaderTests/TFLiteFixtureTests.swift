import Foundation
import ModelArtifact
import Testing
import TestSupport
import ZipContainer
@testable import TFLiteReader

/// The fixtures the FlatBuffers runtime's own Builder wrote (back to front, shared vtables, 16-aligned
/// buffers), and a corpus SyNAP bundle's embedded model read in place.
@Suite struct TFLiteFixtureTests {
    static func read(_ name: String) throws -> (MappedFile, ModelReport) {
        let file = try MappedFile(path: Fixtures.path("tflite/" + name))
        return (file, try TFLiteReader.read(file))
    }

    @Test func quantizedModel() throws {
        let (_, report) = try Self.read("quantized.tflite")
        #expect(report.findings.isEmpty)
        let graphs = try #require(report.graphs)
        #expect(graphs.map(\.name) == ["main", "NoOp"])
        #expect(graphs[0].operators.map(\.name) == ["CONV_2D", "CUSTOM:SignalWindow", "FULLY_CONNECTED", "GELU", "ADD"])
        #expect(graphs[1].operators.map(\.name) == ["VAR_HANDLE"])
        #expect(graphs[0].inputs == [ValueInfo(name: "serving_default_x:0", dtype: .i8, shape: [.unknown, .size(4), .size(4), .size(2)])])
        let tensors = try #require(report.tensors)
        #expect(tensors.map(\.name) == ["conv/weights", "conv/bias", "fc/weights", "sparse/weights"])
        #expect(tensors.map(\.dtype) == [.i8, .i32, .i4, .f32])
        #expect(tensors.map(\.length) == [6, 12, 48, 20])
        #expect(report.metadata == ["min_runtime_version": .string("16")])
        let section = try #require(report.section(TFLiteSection.self)?.json.objectValue)
        #expect(section["quantization"]?.arrayValue?.count == 5)
        #expect(section["sparse_tensors"]?.arrayValue?.count == 1)
        #expect(section["variable_tensors"]?.arrayValue?.count == 1)
        #expect(section["metadata"]?.arrayValue?.first?.objectValue?["text"] == .string("2.6.0"))
    }

    @Test func offsetBuffersHoldTheSameBytes() throws {
        let (inlineFile, inline) = try Self.read("quantized.tflite")
        let (outsideFile, outside) = try Self.read("offset-buffers.tflite")
        #expect(outside.findings.isEmpty)
        let a = try #require(inline.tensors), b = try #require(outside.tensors)
        #expect(a.map(\.name) == b.map(\.name) && a.map(\.length) == b.map(\.length))
        for (x, y) in zip(a, b) {
            let xs = try #require(x.offset), ys = try #require(y.offset), n = try #require(x.length)
            #expect(ys % 16 == 0 && ys > xs)
            #expect(inlineFile.bytes[xs..<(xs + n)].elementsEqual(outsideFile.bytes[ys..<(ys + n)]))
        }
        let buffers = try #require(outside.section(TFLiteSection.self)?.json.objectValue?["buffers"]?.objectValue)
        #expect(buffers["offset_buffers"] == .int(4) && buffers["offset_bytes"] == .uint(86))
    }

    /// A model over 2 GiB: the FlatBuffer at the start, an offset buffer 2.25 GiB in (a sparse file).
    @Test func offsetBuffersPast2GiB() throws {
        var b = TFLiteBuilder.tiny()
        let far: UInt64 = 9 << 28
        b.buffers[2] = .external(offset: far, size: 24)
        let scratch = try ScratchFolder("tflite-2gib")
        defer { scratch.remove() }
        let path = try scratch.write("big.tflite", b.bytes())
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: far + 24)
        try handle.close()
        let report = try TFLiteReader.read(try MappedFile(path: path))
        #expect(report.findings.isEmpty)
        #expect(report.size == Int(far) + 24)
        #expect(report.tensors?.first?.offset == Int(far) && report.tensors?.first?.length == 24)
    }

    /// Tables spread over a large mapped file: 2 MiB regions are released as reading moves on, and
    /// what is read again after a release is the same.
    @Test func regionsOfALargeFileAreReleasedAsReadingMovesOn() throws {
        var b = TFLiteBuilder.tiny()
        let weight = 3 << 20
        b.buffers += (0..<6).map { _ in .data([UInt8](repeating: 5, count: weight)) }
        b.graphs[0].tensors += (0..<6).map { TFLiteBuilder.Tensor(name: "w\($0)", type: 3, shape: [Int32(weight)], buffer: UInt32(6 + $0)) }
        let scratch = try ScratchFolder("tflite-regions")
        defer { scratch.remove() }
        let file = try MappedFile(path: try scratch.write("spread.tflite", b.bytes()))
        let parser = TFLiteModelParser(file: file, range: 0..<file.size, limits: FlatBufferLimits(maxResidentRegions: 2))
        let model = try parser.parse()
        #expect(parser.fb.releasedRegions > 0)
        let report = TFLiteReader.report(model)
        #expect(report.findings.isEmpty)
        let weights = try #require(report.tensors?.suffix(6))
        #expect(weights.allSatisfy { $0.length == weight && file.bytes[$0.offset!] == 5 && file.bytes[$0.offset! + weight - 1] == 5 })
        let unlimited = try TFLiteReader.read(file, limits: FlatBufferLimits(maxResidentRegions: .max))
        #expect(unlimited.tensors == report.tensors)
    }

    @Test func everyTruncationOfTheFixturesFailsCleanly() throws {
        for name in ["quantized.tflite", "offset-buffers.tflite"] {
            let file = try MappedFile(path: Fixtures.path("tflite/" + name))
            let bytes = withExtendedLifetime(file) { [UInt8](file.bytes) }
            for length in 0..<bytes.count { TFLiteRobustnessTests.survive(Array(bytes[..<length])) }
        }
    }

    /// A SyNAP bundle stores `0/subgraph_0.tflite` uncompressed: the model is read where it lies.
    @Test func aModelStoredInABundleIsReadInPlace() throws {
        let bundle = "synap/synap-release/dolphin/image_classification/imagenet/model/mobilenet_v1_0.25_224_quant_cpu/model.synap"
        guard CorpusLocation.exists(bundle) else { return }
        let file = try MappedFile(path: CorpusLocation.path(bundle))
        let archive = try ZipArchive(file)
        let entry = try #require(archive.entry(named: "0/subgraph_0.tflite"))
        let report = try TFLiteReader.read(try archive.reader(for: entry))
        #expect(report.size == entry.uncompressedSize)
        #expect(report.findings.isEmpty)
        let graph = try #require(report.graphs?.first)
        #expect(graph.inputs.first?.dtype == .u8 && graph.inputs.first?.shape == [.size(1), .size(224), .size(224), .size(3)])
        let range = try archive.dataRange(of: entry)
        #expect(report.tensors?.allSatisfy { ($0.offset ?? -1) >= range.lowerBound && ($0.offset ?? 0) + ($0.length ?? 0) <= range.upperBound } == true)
    }
}
