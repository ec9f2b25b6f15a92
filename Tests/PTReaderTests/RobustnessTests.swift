import Foundation
import ModelArtifact
import Testing
import TestSupport
@testable import PTReader

/// Hostile input: every fixture cut at every offset, and damaged at random, gives a report or an
/// `ArtifactError`: never a crash, a hang or another error.
@Suite struct RobustnessTests {
    static let fixtures: [(String, ModelFormat)] = [
        ("state_dict.pt", .pt), ("legacy.pt", .ptLegacy), ("torchscript.pt", .torchscript), ("model.pt2", .pt2),
        ("bare.pkl", .pickle), ("trailing.pkl", .pickle), ("unsafe.pt", .pt), ("hidden-pickle.pt", .pt),
    ]

    static func bytes(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.path("pytorch/" + name))))
    }

    /// Reads `bytes`; true for a report, false for an ArtifactError; records anything else.
    static func outcome(_ bytes: [UInt8], _ format: ModelFormat, _ label: String) -> Bool {
        do {
            _ = try PTReader.read(MappedFile(bytes: bytes, name: label), as: format)
            return true
        } catch is ArtifactError {
            return false
        } catch {
            Issue.record("\(label): \(error) is not an ArtifactError")
            return false
        }
    }

    @Test(arguments: ["legacy.pt", "bare.pkl", "trailing.pkl", "state_dict.pt"])
    func truncationAtEveryOffset(_ name: String) throws {
        let original = try Self.bytes(name)
        let format = Self.fixtures.first { $0.0 == name }!.1
        var reports = 0
        for cut in 0..<original.count {
            if Self.outcome(Array(original.prefix(cut)), format, "\(name)[..<\(cut)]") { reports += 1 }
        }
        #expect(reports < original.count)
    }

    @Test func truncatedPicklesNeverReadAsComplete() throws {
        // Every proper prefix of a pickle ending in STOP fails as a pickle (no STOP yet), never a report of another object.
        let original = try Self.bytes("bare.pkl")
        for cut in 1..<original.count {
            #expect(ruleOf(Array(original.prefix(cut))) != nil)
        }
    }

    @Test(arguments: fixtures.map(\.0))
    func seededMutations(_ name: String) throws {
        let original = try Self.bytes(name)
        let format = Self.fixtures.first { $0.0 == name }!.1
        var rng = SplitMix64(seed: name.utf8.reduce(7) { ($0 &* 31) &+ UInt64($1) })
        for round in 0..<500 {
            var bytes = original
            switch rng.int(below: 3) {
            case 0:
                for _ in 0..<(rng.int(below: 6) + 1) { bytes[rng.int(below: bytes.count)] = rng.byte() }
            case 1:
                let at = rng.int(below: bytes.count)
                bytes.insert(contentsOf: (0..<rng.int(below: 12)).map { _ in rng.byte() }, at: at)
            default:
                let width = rng.int(below: 2) == 0 ? 4 : 8
                let at = rng.int(below: max(bytes.count - width, 1))
                for k in 0..<min(width, bytes.count - at) { bytes[at + k] = k == width - 1 ? 0x7f : 0xff }
            }
            _ = Self.outcome(bytes, format, "\(name)#\(round)")
        }
    }
}
