#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension AWSSettings {
    /// The settings of this process: its environment, and the shared files it names (or `~/.aws/`).
    public static func fromProcess(endpointOverride: String? = nil) -> AWSSettings {
        resolve(environment: ProcessInfo.processInfo.environment, endpointOverride: endpointOverride) { path in
            (try? Data(contentsOf: URL(fileURLWithPath: path))).flatMap { String(data: $0, encoding: .utf8) }
        }
    }
}
