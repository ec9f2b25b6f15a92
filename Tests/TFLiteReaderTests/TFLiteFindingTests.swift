import ModelArtifact
import Testing
@testable import TFLiteReader

/// Each finding code, raised by a model built to break exactly its rule.
@Suite struct TFLiteFindingTests {
    static func codes(_ builder: TFLiteBuilder, trailing: [UInt8] = []) throws -> [String] {
        try TFLiteReportTests.report(builder, trailing: trailing).findings.map(\.code)
    }

    @Test func aValidModelHasNone() throws {
        #expect(try Self.codes(TFLiteBuilder.tiny()) == [])
    }

    @Test func bufferIndexOutOfRange() throws {
        var b = TFLiteBuilder.tiny()
        b.graphs[0].tensors[1].buffer = 99
        let report = try TFLiteReportTests.report(b)
        #expect(report.findings.map(\.code) == ["TFL001"])
        #expect(report.findings[0].severity == .error)
        #expect(report.tensors?.map(\.name) == ["dense/BiasAdd"])
    }

    @Test func dataShorterThanShape() throws {
        var b = TFLiteBuilder.tiny()
        b.graphs[0].tensors[1].shape = [4, 2]
        #expect(try Self.codes(b) == ["TFL002"])
        // Packed 4-bit weights need half a byte each; sparse tensors hold fewer values than their shape.
        var packed = TFLiteBuilder.tiny()
        packed.graphs[0].tensors[1].type = 17
        packed.graphs[0].tensors[1].shape = [6, 8]
        #expect(try Self.codes(packed) == [])
        var sparse = TFLiteBuilder.tiny()
        sparse.graphs[0].tensors[1].shape = [40, 40]
        sparse.graphs[0].tensors[1].sparse = true
        #expect(try Self.codes(sparse) == [])
    }

    @Test func opcodeIndexOutOfRange() throws {
        var b = TFLiteBuilder.tiny()
        b.graphs[0].ops.append(TFLiteBuilder.Op(opcode: 5, inputs: [3], outputs: [3]))
        let report = try TFLiteReportTests.report(b)
        #expect(report.findings.map(\.code) == ["TFL003"])
        #expect(report.graphs?.first?.nodeCount == 2)
        #expect(report.graphs?.first?.operators.map(\.count) == [1])
    }

    @Test func tensorIndexOutOfRange() throws {
        var b = TFLiteBuilder.tiny()
        b.graphs[0].ops[0].inputs = [0, -1, 2]  // -1: an optional input left out
        #expect(try Self.codes(b) == [])
        b.graphs[0].ops[0].inputs = [0, 7, -2]
        b.graphs[0].ops[0].outputs = [-1]
        b.graphs[0].inputs = [4]
        b.signatures[0].outputs = [("y", 12)]
        let report = try TFLiteReportTests.report(b)
        #expect(report.findings.map(\.code) == ["TFL004", "TFL004", "TFL004", "TFL004", "TFL004"])
        #expect(report.graphs?.first?.inputs == [])
    }

    @Test func overlappingBuffers() throws {
        var b = TFLiteBuilder.tiny()
        b.buffers[2] = .external(offset: 0, size: 0)
        b.buffers[3] = .external(offset: 0, size: 0)
        let flat = b.bytes().count
        b.buffers[2] = .external(offset: UInt64(flat), size: 24)
        b.buffers[3] = .external(offset: UInt64(flat + 16), size: 12)
        #expect(try Self.codes(b, trailing: [UInt8](repeating: 0, count: 28)) == ["TFL005"])
        // Two tensors sharing one buffer is not an overlap.
        var shared = TFLiteBuilder.tiny()
        shared.graphs[0].tensors[2].buffer = 2
        shared.graphs[0].tensors[2].shape = [6]
        #expect(try Self.codes(shared) == [])
    }

    @Test func offsetBufferPastTheEnd() throws {
        var b = TFLiteBuilder.tiny()
        let flat = b.bytes().count
        b.buffers[2] = .external(offset: UInt64(flat), size: 1000)
        let report = try TFLiteReportTests.report(b, trailing: [0, 0, 0, 0])
        #expect(report.findings.map(\.code) == ["TFL006"])
        let weights = try #require(report.tensors?.first)
        #expect(weights.name == "dense/MatMul" && weights.offset == nil && weights.length == nil)
        b.buffers[2] = .external(offset: UInt64.max - 2, size: 24)
        #expect(try Self.codes(b) == ["TFL006"])
    }

    @Test func unknownBuiltinCode() throws {
        var b = TFLiteBuilder.tiny()
        b.opcodes = [(4000, nil, 1)]
        let report = try TFLiteReportTests.report(b)
        #expect(report.findings.map(\.code) == ["TFL007"])
        #expect(report.findings[0].severity == .warning)
        #expect(report.graphs?.first?.operators.map(\.name) == ["BUILTIN:4000"])
    }

    @Test func unknownTensorType() throws {
        var b = TFLiteBuilder.tiny()
        b.graphs[0].tensors[1].type = 99
        b.graphs[0].tensors[0].type = -3
        let report = try TFLiteReportTests.report(b)
        #expect(report.findings.map(\.code) == ["TFL008", "TFL008"])
        #expect(report.tensors?.map(\.name) == ["dense/BiasAdd"])
        let input = try #require(report.graphs?.first?.inputs.first)
        #expect(input.dtype == nil && input.type == "tensor type -3")
    }

    @Test func otherSchemaVersion() throws {
        var b = TFLiteBuilder.tiny()
        b.version = 2
        #expect(try Self.codes(b) == ["TFL009"])
    }

    @Test func danglingMetadataAndSignatureReferences() throws {
        var b = TFLiteBuilder.tiny()
        b.metadata.append(("lost", 40))
        b.signatures.append(("other", 3, [], []))
        let report = try TFLiteReportTests.report(b)
        #expect(report.findings.map(\.code) == ["TFL010", "TFL010"])
        #expect(report.metadata?.keys == ["min_runtime_version"])
    }

    @Test func misalignedFields() throws {
        var writer = FlatBufferWriter()
        var bytes = writer.write(TFLiteBuilder.tiny().model(), identifier: "TFL3")
        // Move the root table's version field one byte on (a u32 at an odd place).
        let vtable = writer.table(0).vtable
        bytes[vtable + 4] += 1
        let report = try TFLiteReader.read(MappedFile(bytes: bytes, name: "m"))
        #expect(report.findings.map(\.code).contains("TFL011"))
    }

    @Test func findingsOfOneCodeAreCapped() throws {
        var b = TFLiteBuilder.tiny()
        b.graphs[0].ops = (0..<30).map { _ in TFLiteBuilder.Op(opcode: 9, inputs: [0], outputs: [3]) }
        let findings = try TFLiteReportTests.report(b).findings
        #expect(findings.count == 21)
        #expect(findings.last?.message == "further TFL003 findings left out")
    }
}
