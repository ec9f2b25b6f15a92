import Foundation

/// Where the shared corpus of real model files is: `$MODEL_CORPUS`, else `../shared/corpus` beside the package.
public enum CorpusLocation {
    /// The corpus root (it may not exist; tests that need it skip when it is absent).
    public static let root: String = {
        if let env = ProcessInfo.processInfo.environment["MODEL_CORPUS"], !env.isEmpty { return env }
        return URL(fileURLWithPath: Fixtures.packageRoot).deletingLastPathComponent()
            .appendingPathComponent("shared/corpus").path
    }()

    /// The absolute path of `relative` under the corpus root.
    public static func path(_ relative: String) -> String { root + "/" + relative }

    /// Whether `relative` exists under the corpus root.
    public static func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path(relative)) }

    /// The corpus-relative path of the reference answer for the corpus file `relative`: `expected/<relative>.json`.
    public static func expectedReport(for relative: String) -> String { "expected/" + relative + ".json" }
}
