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

    /// The bytes of fixture `relative`.
    public static func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path(relative))))
    }
}
