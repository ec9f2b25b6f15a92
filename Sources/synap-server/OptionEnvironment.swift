#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The environment variables that mirror the options (`SYNAP_PORT` for `--port`, …); a flag given
/// on the command line wins over its variable. A value, not the process's environment read in
/// place, so a test hands its own and never changes what the processes it starts inherit.
struct OptionEnvironment {
    /// The variables, by name.
    let variables: [String: String]

    /// The environment this process was started with.
    static var process: OptionEnvironment { OptionEnvironment(variables: ProcessInfo.processInfo.environment) }

    /// The value of `name`, when set and not empty.
    func value(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }
}
