/// A small deterministic PRNG for fuzz loops (SplitMix64), so every run sees the same inputs.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    /// A generator that always yields the same sequence for `seed`.
    public init(seed: UInt64) { state = seed }
    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (`bound` > 0), the next value reduced modulo `bound`.
    public mutating func int(below bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// A random byte: the low 8 bits of the next value.
    public mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }
}

extension SplitMix64 {
    /// `bytes` with one to four places damaged the way hostile files are: a flipped bit, a random
    /// byte, a boundary byte (0x00, 0xff, 0x7f, 0x80, 0x01), or an extreme 32-bit little-endian value
    /// at an aligned place (where lengths, offsets and indices lie).
    public mutating func damaged(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        guard !out.isEmpty else { return out }
        for _ in 0..<(1 + int(below: 4)) {
            let i = int(below: out.count)
            switch int(below: 4) {
            case 0: out[i] ^= UInt8(1 << int(below: 8))
            case 1: out[i] = byte()
            case 2: out[i] = [0x00, 0xff, 0x7f, 0x80, 0x01][int(below: 5)]
            default:
                let at = i & ~3
                guard at + 4 <= out.count else { continue }
                let value: UInt32 = [0xffff_ffff, 0x7fff_ffff, 0x8000_0000, 0, 1, 0x0001_0000][int(below: 6)]
                for k in 0..<4 { out[at + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(k))) }
            }
        }
        return out
    }
}
