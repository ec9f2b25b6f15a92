/// The caps one pickle must stay within. A pickle that goes beyond one is an error (a bomb), never
/// a hang or an unbounded allocation; the defaults leave room for the largest real checkpoints.
public struct PickleLimits: Sendable, Equatable {
    /// Most instructions in one pickle (`pickle-too-many-instructions`).
    public var maxInstructions: Int
    /// Deepest stack (`pickle-stack-too-deep`).
    public var maxStack: Int
    /// Most memo entries (`pickle-memo-too-large`).
    public var maxMemo: Int
    /// Most MARKs open at once (`pickle-marks-too-deep`).
    public var maxMarks: Int
    /// Most values one file's pickles hold: container items, containers, call records, globals and
    /// persistent ids together (`pickle-too-many-items`). Bounds memory (about 64 bytes each at
    /// worst) whatever a pickle builds and drops.
    public var maxItems: Int
    /// Widest integer in bytes (`LONG1`/`LONG4`, `pickle-int-too-large`).
    public var maxIntegerBytes: Int
    /// Deepest nesting of containers followed when naming tensors (`pickle-too-deep`).
    public var maxDepth: Int
    /// Most pickles read back to back from one stream (`PT003` beyond that).
    public var maxPickles: Int
    /// Globals (`module.name`) the user allow-lists for a conversion; blocked modules stay refused.
    public var userAllowed: Set<String> = []

    /// The default caps.
    public init(maxInstructions: Int = 100_000_000, maxStack: Int = 1 << 22, maxMemo: Int = 1 << 21,
                maxMarks: Int = 1 << 16, maxItems: Int = 1 << 23, maxIntegerBytes: Int = 1 << 12,
                maxDepth: Int = 400, maxPickles: Int = 64) {
        self.maxInstructions = maxInstructions
        self.maxStack = maxStack
        self.maxMemo = maxMemo
        self.maxMarks = maxMarks
        self.maxItems = maxItems
        self.maxIntegerBytes = maxIntegerBytes
        self.maxDepth = maxDepth
        self.maxPickles = maxPickles
    }
}
