import Foundation

/// Where the repository's fixtures are, for tests in any target.
public enum Fixtures {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The absolute path of `relative` under `Fixtures/`.
    public static func path(_ relative: String) -> String {
        packageRoot + "/Fixtures/" + relative
    }

    /// A fresh temporary folder, removed by the caller with `remove`.
    public static func temporaryFolder(_ label: String = "synap-tool-test") throws -> String {
        let path = NSTemporaryDirectory() + "\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Copies the fixture folder `relative` into a fresh temporary folder and returns its path.
    public static func copyOfFolder(_ relative: String) throws -> String {
        let target = try temporaryFolder() + "/" + (relative.split(separator: "/").last.map(String.init) ?? "copy")
        try FileManager.default.copyItem(atPath: path(relative), toPath: target)
        return target
    }
}

/// A small deterministic PRNG for fuzz loops (SplitMix64).
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    /// A generator that always yields the same sequence for `seed`.
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
