import ModelArtifact
import SystemSeam

/// `synap-tool`'s way to remote inputs: the whole command line handed to `synap-tool-remote`
/// beside it (`execv`, same arguments, same standard streams).
package enum RemoteHelper {
    /// The helper's name, beside the running executable.
    package static let name = "synap-tool-remote"

    /// Replaces this process with the helper running `arguments`; returns only when that failed,
    /// with the error to report.
    package static func handOver(_ arguments: [String]) -> ArtifactError {
        let helper = folderOfExecutable() + "/" + name
        var argv: [UnsafeMutablePointer<CChar>?] = ([helper] + arguments.dropFirst()).map { strdup($0) }
        argv.append(nil)
        execv(helper, argv)
        return missing(String(cString: strerror(errno)))
    }

    static func missing(_ reason: String = "not found") -> ArtifactError {
        ArtifactError(file: folderOfExecutable() + "/" + name, offset: nil, rule: "remote-helper-missing",
                      expected: "the \(name) helper beside synap-tool, which reads s3:// and https:// inputs "
                          + "(scripts/install.sh installs both; from a clone: swift build --product \(name))", found: reason)
    }

    private static func folderOfExecutable() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return "." }
        let path = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
    }
}
