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

    /// A graph of `count` nodes written straight to bytes (the generator of Benchmarks/make_bombs.py
    /// in small): node i reads node i-1's output when `chain`, op_type `op(i)`.
    static func nodeGraph(_ count: Int, chain: Bool = true, op: (Int) -> String = { _ in "R" }) -> [UInt8] {
        var g = ProtoWriter()
        g.string(ONNXSchema.Graph.name.rawValue, "g")
        g.bytes(ONNXSchema.Graph.input.rawValue, B.input("X"))
        for i in 0..<count {
            g.message(ONNXSchema.Graph.node.rawValue) { n in
                if chain { n.string(ONNXSchema.Node.input.rawValue, i == 0 ? "X" : "v\(i - 1)") }
                n.string(ONNXSchema.Node.output.rawValue, "v\(i)")
                n.string(ONNXSchema.Node.opType.rawValue, op(i))
            }
        }
        return g.bytes
    }

    @Test func manyNodesAreCheckedOneAtATime() throws {
        let report = try B.read(B.model(graph: Self.nodeGraph(50_000)))
        #expect(report.graphs?.first?.nodeCount == 50_000)
        #expect(report.graphs?.first?.operators.map(\.name) == ["R"])
        #expect(report.graphs?.first?.operators.map(\.count) == [50_000])
        #expect(report.findings.isEmpty && report.checker == "ok")
        // The same names out of order: every read is flagged, the findings capped, the verdict the first one's.
        let reversed = try B.read(B.model(graph: B.graph("g", nodes: (0..<1000).reversed().map {
            B.node("R", ["v\($0)"], ["v\($0 + 1)"])
        })))
        #expect(reversed.codes.filter { $0 == "ONNX007" }.count == 21)
        #expect(reversed.findings.last?.message == "further ONNX007 findings left out")
        #expect(reversed.checker?.hasPrefix("Nodes in a graph must be topologically sorted, however input 'v999'") == true)
    }

    @Test func brokenNodesCostACountEach() throws {
        var g = ProtoWriter()
        g.string(ONNXSchema.Graph.name.rawValue, "g")
        for _ in 0..<20_000 { g.bytes(ONNXSchema.Graph.node.rawValue, []) }
        let report = try B.read(B.model(graph: g.bytes))
        #expect(report.graphs?.first?.nodeCount == 20_000)
        #expect(report.codes.filter { $0 == "ONNX018" }.count == 21)
        #expect(report.findings.count == 21)
        #expect(report.checker == "Field 'op_type' of 'node' is required to be non-empty.\n\n==> Context: Bad node spec for node. Name:  OpType: ")
    }

    @Test func histogramsAndSubgraphListsAreCapped() throws {
        let ops = try B.read(B.model(graph: Self.nodeGraph(ONNXChecker.maxOperators + 10, chain: false) { "Op\($0)" }))
        let operators = try #require(ops.graphs?.first?.operators)
        #expect(operators.count == ONNXChecker.maxOperators + 1)
        #expect(operators.last?.name == ONNXChecker.otherOperators && operators.last?.count == 10)
        let branch = B.graph("b", nodes: [B.node("Relu", ["c"], ["y"])])
        let ifs = (0..<(ONNXChecker.maxSubgraphs + 5)).map {
            B.node("If", ["c"], ["o\($0)"], attributes: [B.graphAttribute("then_branch", branch)])
        }
        let report = try B.read(B.model(graph: B.graph("g", nodes: ifs, inputs: [B.input("c")])))
        #expect(report.onnx["subgraphs"]?.arrayValue?.count == ONNXChecker.maxSubgraphs)
        #expect(report.onnx["subgraphs_left_out"] == .int(5))
        #expect(report.graphs?.first?.nodeCount == ONNXChecker.maxSubgraphs + 5)
    }

    @Test func namesCompareByTheirBytesAsOnnxDoes() throws {
        // "é" precomposed and decomposed are equal as Swift strings, different to onnx (std::string).
        let report = try B.read(B.model(graph: B.graph("g", nodes: [B.node("R", ["X"], ["\u{e9}"]), B.node("R", ["X"], ["e\u{301}"]),
                                                                   B.node("R", ["e\u{301}"], ["Y"])],
                                                    inputs: [B.input("X")])))
        #expect(report.findings.isEmpty && report.checker == "ok")
        let twice = try B.read(B.model(graph: B.graph("g", nodes: [B.node("R", ["X"], ["\u{e9}"]), B.node("R", ["X"], ["\u{e9}"])],
                                                  inputs: [B.input("X")])))
        #expect(twice.codes == ["ONNX008"])
    }

    @Test func repeatedShapesAddUpWithinTheCap() throws {
        let shape = ProtoWriter.build { $0.message(ONNXSchema.Shape.dim.rawValue) { $0.int(ONNXSchema.Dim.dimValue.rawValue, 3) } }
        let type = ProtoWriter.build { t in
            t.message(ONNXSchema.TypeCase.tensorType.rawValue) { tensor in
                tensor.int(ONNXSchema.TensorType.elemType.rawValue, 1)
                for _ in 0..<3000 { tensor.bytes(ONNXSchema.TensorType.shape.rawValue, shape) }
            }
        }
        let model = B.model(graph: B.simpleGraph(inputs: [B.value("X", type)]))
        #expect(outcome(model) == "report")
        #expect(outcome(model, limits: ProtoLimits(maxRepeated: 2999)) == "too-many-elements")
    }

    @Test func externalLengthsNearIntMaxAddUpWithoutOverflow() throws {
        let scratch = try ScratchFolder("onnx-huge-lengths")
        defer { scratch.remove() }
        _ = try scratch.write("w.bin", [UInt8](repeating: 0, count: 16))
        let claims = ["9223372036854775807", "9223372036854775807", "9223372036854775806"].enumerated().map { i, length in
            B.external("W\(i)", .float, [2], [("location", "w.bin"), ("length", length)])
        }
        let path = try scratch.write("m.onnx", B.model(graph: B.simpleGraph(initializers: claims)))
        let report = try ONNXReader.read(MappedFile(path: path))
        #expect(report.codes.filter { $0 == "ONNX017" }.count == 3)
        let external = report.onnx["external_data"]?.arrayValue?.first?.objectValue
        #expect(external?["bytes"] == .int(Int64.max) && external?["tensors"] == .int(3))
    }

    /// Protobuf lengths and packed runs near 2^63 and 2^64 - 1, where ONNX reads them.
    @Test(arguments: [UInt64(Int64.max), UInt64(1) << 63, UInt64.max])
    func protobufLengthsNearTwoToThe64(_ big: UInt64) throws {
        let graphKey = ProtoWriter.key(Int(ONNXSchema.Model.graph.rawValue), 2)
        #expect(outcome([0x08, 0x08] + graphKey + ProtoWriter.varint(big) + [0x0a, 0x00]) == "length-past-end")
        let nodeKey = ProtoWriter.key(ONNXSchema.Graph.node.rawValue, 2)
        let graph = nodeKey + ProtoWriter.varint(big) + [0x0a]
        #expect(outcome([0x08, 0x08] + graphKey + ProtoWriter.varint(UInt64(graph.count)) + graph) == "length-past-end")
        // dims and int64 typed data holding `big`; a dims run cut after a 10-byte varint.
        let dims = B.tensor("W", .float, [Int64(bitPattern: big), 2]) { $0.packed(ONNXSchema.Tensor.int64Data.rawValue, [Int64(bitPattern: big)]) }
        let report = try B.read(B.model(graph: B.simpleGraph(initializers: [dims])))
        #expect(report.tensors?.count == 1 && report.tensors?.first?.elementCount == nil)
        let cut = B.tensor("W", .float, []) { $0.bytes(ONNXSchema.Tensor.dims.rawValue, ProtoWriter.varint(big) + [0x80]) }
        #expect(outcome(B.model(graph: B.simpleGraph(initializers: [cut]))) == "truncated")
    }

    @Test func keptMessagesHaveTheirOwnCap() throws {
        let reader = ProtoReader(MappedFile(bytes: [0x5a, 0x00], name: "k.onnx"))
        var r = reader
        let field = try #require(try r.next())
        var dims = [ONNXDim](repeating: .unknown, count: ONNXParser.maxKept)
        #expect(thrownRule { try ONNXParser.append(&dims, .unknown, field, reader) } == "too-many-elements")
        var names = [ONNXName](repeating: .empty, count: ONNXParser.maxKept)
        try ONNXParser.append(&names, .empty, field, reader)
        #expect(names.count == ONNXParser.maxKept + 1)
        // Initializers past the cap, as a file gives them: an error, not gigabytes.
        var g = ProtoWriter()
        g.string(ONNXSchema.Graph.name.rawValue, "g")
        let tensor: [UInt8] = [0x10, 0x01]
        for _ in 0...ONNXParser.maxKept { g.bytes(ONNXSchema.Graph.initializer.rawValue, tensor) }
        #expect(outcome(B.model(graph: g.bytes)) == "too-many-elements")
    }
}
