import ModelArtifact

/// The findings a SyNAP bundle or payload can carry; codes never change meaning.
public enum SyNAPFindingCode: String, FindingCode {
    case missingEntry = "SYNAP001"
    case wiring = "SYNAP002"
    case blockSizes = "SYNAP003"
    case countMismatch = "SYNAP004"
    case unknownHardware = "SYNAP005"
    case encrypted = "SYNAP006"
    case payloadMismatch = "SYNAP007"
    case unreadable = "SYNAP008"
    case unknownDType = "SYNAP009"
    case tooLarge = "SYNAP010"

    public var meaning: FindingMeaning {
        switch self {
        case .missingEntry:
            return .init(.error, "Entry missing from the bundle", "bundle.json names an entry (model or meta) the bundle lacks.")
        case .wiring:
            return .init(.error, "Wiring to nothing",
                         "An input or output wired to a subgraph, or an output index, that does not exist (or to a subgraph that does not run before it, or a subgraph whose meta's input count differs from its wires).")
        case .blockSizes:
            return .init(.error, "EBG blocks do not add up", "EBG block lengths that do not add up to the payload's size.")
        case .countMismatch:
            return .init(.warning, "Meta and payload counts differ",
                         "Meta input/output counts that disagree with the EBG's (or the NBG's).")
        case .unknownHardware: return .init(.warning, "Unknown hardware type", "An unknown EBG hardware type (no known SoC).")
        case .encrypted: return .init(.info, "Encrypted payload", "An encrypted payload; it cannot be inspected further.")
        case .payloadMismatch:
            return .init(.error, "Payload disagrees with its delegate or name",
                         "A payload whose magic disagrees with its delegate or its entry name.")
        case .unreadable:
            return .init(.error, "Payload or meta unreadable",
                         "A payload or meta file that its reader cannot read (the rule broken is named).")
        case .unknownDType: return .init(.warning, "Unknown SyNAP dtype", "A meta tensor dtype that is not a SyNAP dtype name.")
        case .tooLarge:
            return .init(.info, "Payload too large to inspect",
                         "A payload too large to inflate (or, for ONNX, to copy) for inspection.")
        }
    }
}
