import Foundation
import TestSupport
import Testing

/// Runs `convert` on `count` damaged copies of `original` (truncated, or 1–4 bytes changed), written
/// to `scratch`, and expects each to succeed or throw an `ArtifactError`, never anything else.
func expectOnlyArtifactErrors(_ original: [UInt8], in scratch: ScratchFolder, name: String, seed: UInt64, count: Int = 300,
                              _ convert: (String, Int) throws -> Void) throws {
    var rng = SplitMix64(seed: seed)
    for trial in 0..<count {
        var bytes = original
        if trial % 3 == 0 {
            bytes = Array(bytes.prefix(rng.int(below: bytes.count)))
        } else {
            for _ in 0..<(1 + rng.int(below: 4)) { bytes[rng.int(below: bytes.count)] = rng.byte() }
        }
        let input = try scratch.write(name, bytes)
        let found = rule { try convert(input, trial) }
        #expect(found == nil || !found!.hasPrefix("other"), "trial \(trial): \(found ?? "")")
    }
}
