import ModelArtifact

/// The judgement of every global the pickles of one file reference: the sorted list for the
/// report's `pickle.globals`, and a `PT001` finding for each one outside the allow-list, with its
/// module, name and the location of its first opcode.
struct PickleJudge {
    /// One global name and how it is used.
    struct Use {
        var module: String
        var name: String
        /// `entry@0x…` of its first occurrence.
        var location: String
        var references: Int
        var called: Bool
        var allowed: Bool
        /// What computes it, for a global that is no literal `module.name`.
        var computed: String?
    }

    let context: PickleAllowList.Context
    private(set) var uses: [String: Use] = [:]
    private var order: [String] = []

    init(context: PickleAllowList.Context) {
        self.context = context
    }

    /// Adds the globals `graph` recorded; `source` names the pickle and `origin` is the file offset
    /// its locations count from.
    mutating func add(_ graph: PickleGraph, source: String, origin: Int, userAllowed: Set<String> = []) {
        for (index, global) in graph.globals.enumerated() {
            let key = global.qualified
            let called = graph.calledGlobals.contains(index)
            if var use = uses[key] {
                use.references += 1
                use.called = use.called || called
                uses[key] = use
            } else {
                let allowed = global.computed == nil
                    && (PickleAllowList.allows(module: global.module, name: global.name, in: context)
                        || (userAllowed.contains(key) && !PickleAllowList.blockedModules.contains(global.module)))
                uses[key] = Use(module: global.module, name: global.name,
                                location: Finding.location(source, global.offset - origin), references: 1,
                                called: called, allowed: allowed, computed: global.computed)
                order.append(key)
            }
        }
    }

    /// Every global referenced, each once, sorted by their UTF-8 bytes.
    var globals: [String] { section.globals }

    /// The globals outside the allow-list, in the order they were first met.
    var disallowed: [Use] {
        order.compactMap { uses[$0] }.filter { !$0.allowed }
    }

    /// Adds every use another judgement recorded (a nested archive's, a folder's file's).
    mutating func absorb(_ other: PickleJudge) {
        for key in other.order {
            guard let theirs = other.uses[key] else { continue }
            if var use = uses[key] {
                use.references += theirs.references
                use.called = use.called || theirs.called
                use.allowed = use.allowed && theirs.allowed
                uses[key] = use
            } else {
                uses[key] = theirs
                order.append(key)
            }
        }
    }

    /// The `PT001` findings (at most `cap`, then one line saying how many more).
    func findings(cap: Int = 100) -> [Finding] {
        let bad = disallowed
        var result: [Finding] = bad.prefix(cap).map { use in
            let blocked = PickleAllowList.blockedModules.contains(use.module) ? " (module \(use.module) is never allowed)" : ""
            let times = use.references > 1 ? " (\(use.references) references)" : ""
            if let computed = use.computed {
                return Finding(PTFindingCode.disallowedGlobal,
                                  "loading this pickle would \(use.called ? "import and call" : "import") a global computed at load time, never allowed: \(computed)\(times)",
                                  location: use.location)
            }
            let action = use.called ? "import \(use.module).\(use.name) and call it" : "import \(use.module).\(use.name)"
            return Finding(PTFindingCode.disallowedGlobal,
                           "loading this pickle would \(action): module '\(use.module)', name '\(use.name)' is not on the allow-list of torch.load(weights_only=True)\(blocked)\(times)",
                           location: use.location)
        }
        if bad.count > cap {
            result.append(Finding(PTFindingCode.disallowedGlobal,
                                  "\(bad.count - cap) more globals outside the allow-list not listed"))
        }
        return result
    }

    /// The globals outside the allow-list, for the `pytorch` section: name, whether it is called, where.
    var disallowedGlobals: [DisallowedGlobal] {
        disallowed.map { use in
            DisallowedGlobal(global: use.module + "." + use.name, module: use.module, name: use.name, called: use.called,
                             references: use.references, location: use.location, computed: use.computed)
        }
    }

    /// The `pickle` report section.
    var section: PickleSection { PickleSection(globals: uses.keys) }
}
