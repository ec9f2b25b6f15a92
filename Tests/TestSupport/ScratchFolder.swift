import Foundation

/// A fresh temporary folder for one test; `remove()` deletes it with everything in it.
public struct ScratchFolder: Sendable {
    /// The folder's absolute path.
    public let path: String

    /// Creates an empty folder under the system's temporary folder, its name starting with `label`.
    public init(_ label: String = "synap-tool-test") throws {
        path = NSTemporaryDirectory() + "\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `bytes` to a new file `name` in the folder and returns its path.
    @discardableResult
    public func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = path + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    /// Copies the fixture file or folder `relative` (under `Fixtures/`) in, as `name` (default: its last
    /// path component), and returns the copy's path.
    @discardableResult
    public func copyFixture(_ relative: String, as name: String? = nil) throws -> String {
        let target = path + "/" + (name ?? relative.split(separator: "/").last.map(String.init) ?? "copy")
        try FileManager.default.copyItem(atPath: Fixtures.path(relative), toPath: target)
        return target
    }

    /// Deletes the folder and everything in it.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
