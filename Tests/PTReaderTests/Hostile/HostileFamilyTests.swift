import ModelArtifact
import Testing
import TestSupport
@testable import PTReader

/// The seeded hostile generator (`HostileCorpus`), family by family, through the gate and the
/// readers: every hostile case holds (`unsafe`, or never `safe` for bombs), every benign control is
/// `safe` (no false positive), and no reader crashes or lets a case through as safe.
@Suite struct HostileFamilyTests {
    static let seeds: [UInt64] = [1, 0x5EED, 0xC0FFEE]

    @Test(arguments: seeds) func everyGeneratedCaseHolds(_ seed: UInt64) {
        for item in HostileCorpus.cases(seed: seed, perFamily: 10) {
            let file = MappedFile(bytes: item.bytes, name: item.name)
            let verdict = PTReader.judge(file, as: .unknown).verdict
            let label = "\(item.family) \(item.name) (seed \(seed))"
            switch item.expected {
            case .unsafe: #expect(verdict == .unsafe, "\(label): \(String(describing: verdict))")
            case .notSafe: #expect(verdict == .unsafe || verdict == .unknown, "\(label): \(String(describing: verdict))")
            case .safe: #expect(verdict == .safe, "\(label): \(String(describing: verdict))")
            }
            // The readers never call a hostile case safe, whatever they think of its structure.
            guard item.family != "bomb" else { continue }
            let formats: [ModelFormat] = item.bytes.starts(with: [0x50, 0x4b]) ? [.pt, .zip]
                : item.name.hasSuffix(".npy") ? [.npy] : [.ptLegacy, .pickle]
            for format in formats {
                guard let report = try? PTReader.read(file, as: format) else { continue }
                if item.expected != .safe { #expect(report.verdict != .safe, "\(label) read as \(format)") }
            }
        }
    }
}

/// Damage and truncation over every generated family: the gate's parsers (the lenient ZIP view, tar
/// headers, NumPy headers and their Python literals, pickle streams) never crash, hang or trap.
@Suite struct GateRobustnessTests {
    @Test func damagedAndTruncatedFilesAreJudgedWithoutCrashing() {
        var rng = SplitMix64(seed: 0xDA3A6E)
        for item in HostileCorpus.cases(seed: 11, perFamily: 3) where item.family != "bomb" {
            for _ in 0..<25 {
                _ = gateVerdict(rng.damaged(item.bytes), name: item.name)
            }
            for cut in stride(from: 0, to: item.bytes.count, by: max(1, item.bytes.count / 40)) {
                _ = gateVerdict(Array(item.bytes[..<cut]), name: item.name)
            }
        }
    }

    @Test func pythonLiteralsAreBounded() {
        #expect(PythonLiteral.parse(Array(String(repeating: "[", count: 100_000).utf8)) == nil)
        #expect(PythonLiteral.parse(Array("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }".utf8))?["shape"]
                == .sequence([.number("3"), .number("4")]))
        // `None` is Python's None, not a parse failure (a header value may be None).
        #expect(PythonLiteral.parse(Array("{'a': None, 'b': True}".utf8))?["a"] == PythonLiteral.none)
        #expect(NpyHeader.holdsObjects(.sequence([.sequence([.string("a"), .sequence([.sequence([.string("b"), .string("|O")])])])])))
        #expect(!NpyHeader.holdsObjects(.string("<f4")))
    }
}
