import ModelArtifact

/// The findings a SyNAP bundle or payload can carry; codes never change meaning.
///
/// - SYNAP001 (error): bundle.json names an entry (model or meta) the bundle lacks.
/// - SYNAP002 (error): an input or output wired to a subgraph, or an output index, that does not exist.
/// - SYNAP003 (error): EBG block lengths that do not add up to the payload's size.
/// - SYNAP004 (warning): meta input/output counts that disagree with the EBG's.
/// - SYNAP005 (warning): an unknown EBG hardware type (no known SoC).
/// - SYNAP006 (info): an encrypted payload; it cannot be inspected further.
/// - SYNAP007 (error): a payload whose magic disagrees with its delegate or its entry name.
/// - SYNAP008 (error): a payload or meta file that its reader cannot read (the rule broken is named).
/// - SYNAP009 (warning): a meta tensor dtype that is not a SyNAP dtype name.
/// - SYNAP010 (info): a payload too large to inflate (or, for ONNX, to copy) for inspection.
public enum SyNAPFindingCode {
    /// Every code with its severity, for the README and tests.
    public static let all: [(code: String, severity: Severity)] = [
        ("SYNAP001", .error), ("SYNAP002", .error), ("SYNAP003", .error), ("SYNAP004", .warning),
        ("SYNAP005", .warning), ("SYNAP006", .info), ("SYNAP007", .error), ("SYNAP008", .error),
        ("SYNAP009", .warning), ("SYNAP010", .info),
    ]
}

/// Collects findings with their fixed severities, capped.
struct SyNAPFindings {
    var list = CappedFindings(cap: 200)
    let file: String

    mutating func add(_ code: String, _ message: String, entry: String? = nil) {
        let severity = SyNAPFindingCode.all.first { $0.code == code }?.severity ?? .error
        list.add(severity, code, message, location: entry.map { "\(file)!\($0)" } ?? file)
    }

    mutating func merge(_ findings: [Finding]) {
        for f in findings { list.add(f.severity, f.code, f.message, location: f.location) }
    }

    /// Checks an EBG header against its payload size, its meta, and the known targets.
    mutating func checkEBG(_ ebg: EBGHeader, size: Int, meta: SyNAPMeta?, entry: String) {
        if ebg.declaredSize != size {
            add("SYNAP003", "EBG blocks add up to \(ebg.declaredSize) bytes but the payload has \(size)", entry: entry)
        }
        if ebg.isEncrypted {
            add("SYNAP006", "the EBG payload is encrypted (security_type \(ebg.securityType)); it cannot be inspected further",
                entry: entry)
        }
        guard let m = ebg.metadata else { return }
        if SyNAPTarget.name(of: m.hardwareType) == nil {
            add("SYNAP005", "unknown NPU hardware type 0x\(String(m.hardwareType, radix: 16))", entry: entry)
        }
        if let meta, meta.inputs.count != Int(m.inputCount) || meta.outputs.count != Int(m.outputCount) {
            add("SYNAP004", "the meta lists \(meta.inputs.count) inputs and \(meta.outputs.count) outputs, "
                + "the EBG \(m.inputCount) and \(m.outputCount)", entry: entry)
        }
    }

    /// Checks an NBG header's counts against its meta.
    mutating func checkNBG(_ nbg: NBGHeader, meta: SyNAPMeta?, entry: String) {
        if let meta, meta.inputs.count != Int(nbg.inputCount) || meta.outputs.count != Int(nbg.outputCount) {
            add("SYNAP004", "the meta lists \(meta.inputs.count) inputs and \(meta.outputs.count) outputs, "
                + "the NBG \(nbg.inputCount) and \(nbg.outputCount)", entry: entry)
        }
    }

    mutating func checkMeta(_ meta: SyNAPMeta, entry: String) {
        for bad in meta.unknownDTypes { add("SYNAP009", "unknown dtype \(bad)", entry: entry) }
    }
}
