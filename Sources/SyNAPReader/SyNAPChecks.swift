import ModelArtifact

/// A SyNAP bundle's or payload's findings: its own codes, located in the file or at one of its
/// entries, and the findings of its ZIP container and embedded models merged in.
extension CappedFindings where Code == SyNAPFindingCode {
    /// Adds a finding about `entry` of the bundle or payload `file` (`file!entry`), or about the file itself.
    mutating func add(_ code: SyNAPFindingCode, _ message: String, file: String, entry: String? = nil) {
        add(code, message, location: entry.map { "\(file)!\($0)" } ?? file)
    }

    /// Checks an EBG header against its payload size, its meta, and the known targets.
    mutating func checkEBG(_ ebg: EBGHeader, size: Int, meta: SyNAPMeta?, file: String, entry: String) {
        if ebg.declaredSize != size {
            add(.blockSizes, "EBG blocks add up to \(ebg.declaredSize) bytes but the payload has \(size)", file: file, entry: entry)
        }
        if ebg.isEncrypted {
            add(.encrypted, "the EBG payload is encrypted (security_type \(ebg.securityType)); it cannot be inspected further",
                file: file, entry: entry)
        }
        guard let m = ebg.metadata else { return }
        if SyNAPTarget.name(of: m.hardwareType) == nil {
            add(.unknownHardware, "unknown NPU hardware type 0x\(String(m.hardwareType, radix: 16))", file: file, entry: entry)
        }
        if let meta, meta.inputs.count != Int(m.inputCount) || meta.outputs.count != Int(m.outputCount) {
            add(.countMismatch, "the meta lists \(meta.inputs.count) inputs and \(meta.outputs.count) outputs, "
                + "the EBG \(m.inputCount) and \(m.outputCount)", file: file, entry: entry)
        }
    }

    /// Checks an NBG header's counts against its meta.
    mutating func checkNBG(_ nbg: NBGHeader, meta: SyNAPMeta?, file: String, entry: String) {
        if let meta, meta.inputs.count != Int(nbg.inputCount) || meta.outputs.count != Int(nbg.outputCount) {
            add(.countMismatch, "the meta lists \(meta.inputs.count) inputs and \(meta.outputs.count) outputs, "
                + "the NBG \(nbg.inputCount) and \(nbg.outputCount)", file: file, entry: entry)
        }
    }

    /// Checks a meta file's tensor dtypes.
    mutating func checkMeta(_ meta: SyNAPMeta, file: String, entry: String) {
        for bad in meta.unknownDTypes { add(.unknownDType, "unknown dtype \(bad)", file: file, entry: entry) }
    }
}
