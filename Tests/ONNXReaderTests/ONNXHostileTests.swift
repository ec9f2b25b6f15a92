import Foundation
import ModelArtifact
import Testing
import TestSupport
@testable import ONNXReader

/// Hostile input: cut at every offset, damaged at random, nested past the caps, lengths past
/// the end, 11-byte varints, fields of the wrong wire type. Each ends in a report or an
/// `ArtifactError` with a rule, never a crash, a hang or another error.
@Suite struct ONNXHostileTests {
    typealias B = ONNXBuilder

    func outcome(_ bytes: [UInt8], limits: ProtoLimits = ProtoLimits()) -> String {
        do {
            _ = try ONNXReader.read(MappedFile(bytes: bytes, name: "h.onnx"), limits: limits)
            return "report"
        } catch let error as ArtifactError {
            return error.rule
        } catch {
            return "other error: \(error)"
        }
    }

    static func fixture(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.path(name))))
    }

    @Test(arguments: ["onnx/features.onnx", "onnx/tiny.onnx", "onnx/external/model.onnx"])
    func truncationAtEveryOffset(_ name: String) throws {
        let bytes = try Self.fixture(name)
        #expect(outcome(bytes) == "report")
        for cut in 1..<bytes.count {
            let result = outcome(Array(bytes.prefix(cut)))
            #expect(!result.hasPrefix("other error"), "cut at \(cut): \(result)")
        }
    }

    @Test func seededMutations() throws {
        let seeds = [try Self.fixture("onnx/features.onnx"), try Self.fixture("onnx/tiny.onnx"), B.model()]
        var rng = SplitMix64(seed: 0x0_4e4e_5800)
        var reports = 0, errors = 0
        for round in 0..<3000 {
            var bytes = seeds[round % seeds.count]
            switch rng.int(below: 3) {
            case 0:
                for _ in 0..<(rng.int(below: 6) + 1) { bytes[rng.int(below: bytes.count)] = rng.byte() }
            case 1:
                let at = rng.int(below: bytes.count)
                bytes.replaceSubrange(at..<min(at + 10, bytes.count), with: [UInt8](repeating: 0xff, count: 10))
            default:
                let at = rng.int(below: bytes.count)
                bytes.insert(contentsOf: (0..<rng.int(below: 12)).map { _ in rng.byte() }, at: at)
            }
            let result = outcome(bytes)
            if result == "report" { reports += 1 } else { errors += 1 }
            #expect(!result.hasPrefix("other error"), "round \(round): \(result)")
        }
        #expect(reports + errors == 3000 && reports > 0 && errors > 0)
    }

    @Test func malformedProtobufRules() {
        // An ir_version varint of 11 bytes.
        #expect(outcome([0x08] + [UInt8](repeating: 0xff, count: 10) + [0x01]) == "varint-overflow")
        // A graph whose length runs past the end of the file.
        #expect(outcome([0x08, 0x08, 0x3a, 0x40, 0x0a]) == "length-past-end")
        // A node inside the graph whose length runs past the graph's end.
        #expect(outcome([0x08, 0x08, 0x3a, 0x03, 0x0a, 0x05, 0x00]) == "length-past-end")
        // ir_version as a string, graph as a varint, a tensor name as fixed32.
        #expect(outcome([0x0a, 0x01, 0x38]) == "wire-type-mismatch")
        #expect(outcome([0x08, 0x08, 0x38, 0x01]) == "wire-type-mismatch")
        let badName = B.model(graph: B.simpleGraph(initializers: [ProtoWriter.build { $0.fixed32(8, 1) }]))
        #expect(outcome(badName) == "wire-type-mismatch")
        // Field number 0 and wire type 7.
        #expect(outcome([0x08, 0x08, 0x00]) == "invalid-field-number")
        #expect(outcome([0x08, 0x08, 0x3f]) == "invalid-wire-type")
        // Cut in the middle of a key.
        #expect(outcome([0x08, 0x08, 0xba]) == "truncated")
    }

    @Test func nestingPastTheCap() {
        var graph = B.graph("leaf", nodes: [B.node("Relu", ["x"], ["y"])])
        for level in 0..<40 {
            graph = B.graph("level\(level)", nodes: [B.node("If", ["c"], ["o"], attributes: [B.graphAttribute("then_branch", graph)])])
        }
        #expect(outcome(B.model(graph: graph)) == "nesting-too-deep")
        #expect(outcome(B.model(graph: graph), limits: ProtoLimits(maxDepth: 200)) == "report")
        var type = B.tensorType(.float, [1])
        for _ in 0..<120 { type = B.wrapped(.sequenceType, type) }
        #expect(outcome(B.model(graph: B.simpleGraph(inputs: [B.value("X", type)]))) == "nesting-too-deep")
    }

    @Test func countsAndLengthsPastTheCaps() {
        let manyDims = B.model(graph: B.simpleGraph(initializers: [B.tensor("W", .float, [Int64](repeating: 1, count: 64))]))
        #expect(outcome(manyDims, limits: ProtoLimits(maxRepeated: 16)) == "too-many-elements")
        let manyNodes = B.model(graph: B.graph("g", nodes: (0..<40).map { B.node("Relu", ["x"], ["y\($0)"]) }))
        #expect(outcome(manyNodes, limits: ProtoLimits(maxRepeated: 32)) == "too-many-elements")
        let longName = B.model(producer: (String(repeating: "p", count: 100), ""))
        #expect(outcome(longName, limits: ProtoLimits(maxStringLength: 64)) == "string-too-long")
    }

    @Test func hugeDimsAndCountsDoNotOverflow() throws {
        let huge = B.tensor("W", .float, [Int64.max, Int64.max, -1]) { $0.bytes(ONNXSchema.Tensor.rawData.rawValue, [0, 0, 0, 0]) }
        let report = try B.read(B.model(graph: B.simpleGraph(initializers: [huge])))
        #expect(report.tensors?.first?.elementCount == nil)
        #expect(report.parameterCount == 0)
        let external = B.external("W", .float, [2], [("location", "w.bin"), ("offset", "9223372036854775807"), ("length", "8")])
        #expect(outcome(B.model(graph: B.simpleGraph(initializers: [external]))) == "report")
    }
}
