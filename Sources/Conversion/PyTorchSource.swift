import FormatProbe
import ModelArtifact
import PTReader

/// The tensors of a PyTorch file (`torch.save` ZIP or legacy, or a TorchScript archive), located
/// for copying: read by the PyTorch reader's inert pickle VM, never executed, refused when a global
/// is outside the allow-list and the user did not name it.
public struct PyTorchSource {
    /// Options of a PyTorch → safetensors conversion.
    public struct Options: Sendable {
        /// Take only the tensors under this key of a checkpoint dict (`model_state`).
        public var key: String?
        /// Globals (`module.name`) the user accepts beyond the allow-list.
        public var allowGlobals: [String] = []
        /// Refuse tensors that share a storage instead of writing one copy per name.
        public var noClone = false

        /// Creates options.
        public init(key: String? = nil, allowGlobals: [String] = [], noClone: Bool = false) {
            self.key = key
            self.allowGlobals = allowGlobals
            self.noClone = noClone
        }
    }

    /// The file read.
    public let file: MappedFile
    /// Its format (`pt`, `pt-legacy`, `torchscript`).
    public let format: ModelFormat
    /// The tensors, in the order the pickle names them, with names as they will be written.
    public let tensors: [StridedTensor]
    /// Names of tensors that share a storage with another tensor.
    public let shared: [String]

    /// Reads `path` and locates every tensor to convert.
    public init(path: String, options: Options = Options()) throws {
        file = try MappedFile(path: path)
        format = FormatProbe.detect(file: file).format
        guard Self.formats.contains(format) else {
            throw ArtifactError(file: path, offset: 0, rule: "convert-not-pytorch",
                                expected: "a torch.save file (ZIP or legacy) or a TorchScript archive", found: format.rawValue)
        }
        var limits = PickleLimits()
        limits.userAllowed = Set(options.allowGlobals)
        let (report, placements) = try PTReader.locate(file, as: format, limits: limits)
        if report.verdict != .safe {
            let names = (report.section(PyTorchSection.self)?.disallowed ?? []).map(\.global)
            let unknown = report.findings.first { $0.code == PTFindingCode.verdictUnknown.rawValue }
            throw ArtifactError(file: path, offset: nil, rule: "convert-unsafe-pickle",
                                expected: "only allow-listed globals (name others with --allow-global module.name)",
                                found: !names.isEmpty ? names.joined(separator: ", ") : unknown?.message ?? "a pickle judged unsafe")
        }
        let storageCodes = [PTFindingCode.storageProblem, .unreadableStorage].map(\.rawValue)
        if let bad = report.findings.first(where: { storageCodes.contains($0.code) }) {
            throw ArtifactError(file: path, offset: nil, rule: "convert-storage-problem", expected: "every tensor's bytes in the file",
                                found: bad.message)
        }
        let swap = PTReader.has(.bigEndian, in: report)
        var byName: [String: TensorPlacement] = [:]
        var users: [String: Int] = [:]
        for placement in placements {
            byName[placement.name] = placement
            users[placement.storageKey, default: 0] += 1
        }
        var located: [StridedTensor] = []
        var shared: [String] = []
        for info in report.tensors ?? [] {
            // TorchScript's constants.pkl holds the code's constants, not the module's state.
            if format == .torchscript, info.name.hasPrefix(PTReader.torchScriptConstants + ".") { continue }
            guard let name = Self.rename(info.name, key: options.key) else { continue }
            guard let placement = byName[info.name] else {
                throw ArtifactError(file: path, offset: nil, rule: "convert-unlocated-tensor",
                                    expected: "the storage bytes of '\(info.name)' in the file, uncompressed", found: "none")
            }
            guard let bits = placement.dtype.bitWidth, bits % 8 == 0 else {
                throw ArtifactError(file: path, offset: nil, rule: "convert-unsupported-dtype",
                                    expected: "a whole-byte dtype for '\(info.name)'", found: placement.dtype.name)
            }
            if users[placement.storageKey, default: 0] > 1 { shared.append(name) }
            let tensor = StridedTensor(name: name, dtype: placement.dtype, shape: placement.shape, file: file,
                                       base: placement.firstByte, strides: placement.strides, elementSize: placement.elementSize,
                                       swapBytes: swap && placement.elementSize > 1)
            try tensor.validate()
            // The view must stay inside its storage, not merely inside the file.
            guard placement.storage.lowerBound <= tensor.sourceRange.lowerBound,
                  tensor.sourceRange.upperBound <= placement.storage.upperBound else {
                throw ArtifactError(file: path, offset: tensor.base, rule: "convert-tensor-out-of-bounds",
                                    expected: "'\(info.name)' inside storage '\(placement.storageKey)'", found: "bytes past its end")
            }
            located.append(tensor)
        }
        if let key = options.key, located.isEmpty {
            throw ArtifactError(file: path, offset: nil, rule: "convert-key-not-found",
                                expected: "tensors under key '\(key)'", found: "none")
        }
        if options.noClone, let first = shared.first {
            throw ArtifactError(file: path, offset: nil, rule: "convert-shared-storage",
                                expected: "tensors that each own their storage (--no-clone)",
                                found: "\(shared.count) tensors sharing storage, such as '\(first)'")
        }
        tensors = located
        self.shared = shared
        // Reading the pickle and the ZIP's headers mapped pages here and there in the file; the
        // tensors are copied file to file, so let the mapping go.
        file.advise(.dontNeed)
    }

    /// The formats converted: torch.save ZIP and legacy files, and TorchScript archives (whose
    /// module state is read from the pickle like a state_dict: its code is never read or run).
    public static let formats: Set<ModelFormat> = [.pt, .ptLegacy, .torchscript]

    /// The `__metadata__` written: `format: pt` and where the tensors came from.
    public func metadata(key: String?) -> [(String, String)] {
        var meta: [(String, String)] = [("format", "pt"), ("source", String(file.path.split(separator: "/").last ?? "")),
                                        ("source_format", format.rawValue), ("converted_by", "synap-tool convert")]
        if let key { meta.append(("source_key", key)) }
        return meta
    }

    /// The name written for `name`: everything when no key is given, else the part under `key.`.
    static func rename(_ name: String, key: String?) -> String? {
        guard let key else { return name }
        guard name.hasPrefix(key + ".") else { return nil }
        return String(name.dropFirst(key.count + 1))
    }
}
