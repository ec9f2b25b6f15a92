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
