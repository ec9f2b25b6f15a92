/// The gate's verdict on a file's pickles: whether loading it could run code.
///
/// Deny by default: `safe` only when every pickle the file's loader would unpickle was read to its
/// end, the way that loader reaches it, and every global those pickles reference is on the
/// allow-list. `unknown` (something the loader would read could not be read to its end: a cap, a
/// break-off, an unreadable entry) is never safe. A report without a verdict holds no pickle.
public enum PickleVerdict: String, Sendable, Codable, CaseIterable, Comparable {
    /// Every pickle read; only allow-listed globals.
    case safe
    /// Not everything a loader would unpickle could be read, and no disallowed global was met.
    case unknown
    /// A global outside the allow-list is reachable: loading the file would import (and maybe call) it.
    case unsafe

    /// Orders by severity: safe < unknown < unsafe.
    public static func < (a: PickleVerdict, b: PickleVerdict) -> Bool { a.rank < b.rank }

    private var rank: Int {
        switch self {
        case .safe: return 0
        case .unknown: return 1
        case .unsafe: return 2
        }
    }
}
