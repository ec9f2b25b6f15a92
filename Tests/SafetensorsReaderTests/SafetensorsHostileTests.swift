import ModelArtifact
import Testing
import TestSupport
@testable import SafetensorsReader

/// Truncations, flipped length fields and random damage give errors, never crashes.
@Suite struct SafetensorsHostileTests {
    static let valid = SafetensorsBuilder.bytes(header: SafetensorsBuilder.validHeader,
                                                dataLength: SafetensorsBuilder.validDataLength)

    @Test func everyTruncationIsAnError() {
        for cut in 0..<Self.valid.count {
            let file = SafetensorsBuilder.file(Array(Self.valid.prefix(cut)))
            #expect(throws: ArtifactError.self, "cut at \(cut)") { try SafetensorsFile(file) }
        }
    }

    @Test func everyLengthByteFlipIsAnError() {
        for byte in 0..<8 {
            for bit in 0..<8 {
                var bytes = Self.valid
                bytes[byte] ^= 1 << bit
                #expect(throws: ArtifactError.self) { try SafetensorsFile(SafetensorsBuilder.file(bytes)) }
            }
        }
    }

    @Test func randomDamageNeverCrashes() {
        var rng = SplitMix64(seed: 0x5afe)
        var accepted = 0
        for _ in 0..<3000 {
            var bytes = Self.valid
            for _ in 0..<(rng.int(below: 4) + 1) {
                let at = rng.int(below: bytes.count)
                bytes[at] = rng.byte()
            }
            do {
                _ = try SafetensorsFile(SafetensorsBuilder.file(bytes))
                accepted += 1
            } catch is ArtifactError {
            } catch {
                Issue.record("unexpected error type \(error)")
            }
        }
        // Damage to tensor data (not header) is undetectable by design; most damage is detected.
        #expect(accepted < 3000)
    }
}
