#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The environment variables that mirror `serve`'s options (`SYNAP_PORT` for `--port`, …); a flag
/// given on the command line wins over its variable.
enum EnvironmentDefault {
    /// The value of `name`, when set and not empty.
    static func value(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }
}
