import ModelArtifact

/// The report's `synap` section: per subgraph its model and meta entries, the delegate that runs
/// it, the payload kind, the EBG or NBG header's fields, and the secure flag.
public struct SyNAPSection: ReportSection, Equatable {
    public static let key = "synap"

    /// The subgraphs, in bundle order (one for a standalone payload).
    public var subgraphs: [Subgraph]

    /// One subgraph.
    public struct Subgraph: Sendable, Equatable {
        /// The model entry's (or file's) name.
        public var model: String
        /// The meta entry's (or file's) name, when there is one.
        public var meta: String?
        /// The delegate: the meta's first word of `delegate`, `npu` when absent.
        public var delegate: String
        /// What the model entry holds, when it could be told.
        public var payload: SyNAPPayloadKind?
        /// The EBG or NBG header, when the payload is one and its header could be read.
        public var ebg: EBGHeader?, nbg: NBGHeader?
        /// The meta's `secure` flag.
        public var secure: Bool

        /// The payload header's version.
        public var payloadVersion: UInt32? { ebg?.version ?? nbg?.version }
    }

    public var json: JSONValue {
        .object(["subgraphs": .array(subgraphs.map { sub in
            var o = JSONObject()
            o.append("model", .string(sub.model))
            if let meta = sub.meta { o.append("meta", .string(meta)) }
            o.append("delegate", .string(sub.delegate))
            if let payload = sub.payload { o.append("payload", .string(payload.rawValue)) }
            if let ebg = sub.ebg { o.append("ebg", .object(ebg.json)) }
            if let nbg = sub.nbg { o.append("nbg", .object(nbg.json)) }
            o.append("secure", .bool(sub.secure))
            return .object(o)
        })])
    }

    public func mapStrings(_ transform: (String) -> String) -> SyNAPSection {
        SyNAPSection(subgraphs: subgraphs.map { sub in
            var c = sub
            c.model = transform(sub.model)
            c.meta = sub.meta.mapStrings(transform)
            c.delegate = transform(sub.delegate)
            c.ebg = sub.ebg.mapStrings(transform)
            c.nbg = sub.nbg.mapStrings(transform)
            return c
        })
    }
}
