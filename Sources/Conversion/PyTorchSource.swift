import FormatProbe
import ModelArtifact
import PTReader

/// The tensors of a PyTorch file (`torch.save` ZIP or legacy), located for copying: read by the
/// PyTorch reader's inert pickle VM, never executed, refused when a global is outside the
/// allow-list and the user did not name it.
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
    /// Its format (`pt`, `pt-legacy`).
    public let format: ModelFormat
    /// The tensors, in the order the pickle names them, with names as they will be written.
    public let tensors: [StridedTensor]
    /// Names of tensors that share a storage with another tensor.
    public let shared: [String]

    /// Reads `path` and locates every tensor to convert.
    public init(path: String, options: Options = Options()) throws {
        file = try MappedFile(path: path)
        format = FormatProbe.detect(file: file).format
        guard format == .pt || format == .ptLegacy else {
            throw ArtifactError(file: path, offset: 0, rule: "convert-not-pytorch",
                                expected: "a torch.save file (ZIP or legacy)", found: format.rawValue)
        }
        var limits = PickleLimits()
        limits.userAllowed = Set(options.allowGlobals)
        let report = try PTReader.read(file, as: format, limits: limits)
        let pytorch = report.sections["pytorch"]?.objectValue ?? JSONObject()
        if report.verdict != "safe" {
            let names = (pytorch["disallowed"]?.arrayValue ?? []).compactMap { $0.objectValue?["global"]?.stringValue }
            throw ArtifactError(file: path, offset: nil, rule: "convert-unsafe-pickle",
                                expected: "only allow-listed globals (name others with --allow-global module.name)",
                                found: names.isEmpty ? "a pickle judged unsafe" : names.joined(separator: ", "))
        }
        if let bad = report.findings.first(where: { $0.code == "PT009" || $0.code == "PT010" }) {
            throw ArtifactError(file: path, offset: nil, rule: "convert-storage-problem", expected: "every tensor's bytes in the file",
                                found: bad.message)
        }
        let swap = report.findings.contains { $0.code == "PT011" }
        let views = Self.views(pytorch)
        var byStorage: [String: Int] = [:]
        for view in views.values { byStorage[view.storage, default: 0] += 1 }
        let archive = format == .pt ? try ZipArchive(file) : nil
        let folder = pytorch["archive"]?.stringValue ?? ""
        var located: [StridedTensor] = []
        var shared: [String] = []
        for info in report.tensors ?? [] {
            guard let name = Self.rename(info.name, key: options.key) else { continue }
            let shape = try info.shape.map { dim -> Int in
                guard case .size(let n) = dim, let v = Int(exactly: n) else {
                    throw ArtifactError(file: path, offset: nil, rule: "convert-unknown-shape", expected: "sizes for '\(info.name)'",
                                        found: "\(info.shape)")
                }
                return v
            }
            guard let bits = info.dtype.bitWidth, bits % 8 == 0 else {
                throw ArtifactError(file: path, offset: nil, rule: "convert-unsupported-dtype",
                                    expected: "a whole-byte dtype for '\(info.name)'", found: info.dtype.name)
            }
            let size = bits / 8
            let view = views[info.name]
            if let view, byStorage[view.storage, default: 0] > 1 { shared.append(name) }
            var tensor = StridedTensor(name: name, dtype: info.dtype, shape: shape, file: file, base: info.offset ?? 0,
                                       strides: nil, elementSize: size, swapBytes: swap && size > 1)
            if info.offset == nil {
                guard let view, let archive, let entry = archive.entry(named: "\(folder)/data/\(view.storage)"),
                      entry.method == .stored else {
                    throw ArtifactError(file: path, offset: nil, rule: "convert-unlocated-tensor",
                                        expected: "the storage bytes of '\(info.name)' in place", found: "none")
                }
                let (start, overflow) = view.offset.multipliedReportingOverflow(by: size)
                guard !overflow, view.offset >= 0 else {
                    throw ArtifactError(file: path, offset: nil, rule: "convert-tensor-out-of-bounds",
                                        expected: "a storage offset that fits", found: "\(view.offset)")
                }
                tensor.base = entry.dataOffset + start
                tensor.strides = view.stride
                // The view must stay inside its storage entry, not merely inside the file.
                let storageFile = StridedTensor(name: name, dtype: info.dtype, shape: shape, file: file, base: tensor.base,
                                                strides: view.stride, elementSize: size)
                try storageFile.validate()
                let end = entry.dataOffset + entry.uncompressedSize
                if let last = Self.lastByte(shape: shape, strides: view.stride, size: size), tensor.base + last > end {
                    throw ArtifactError(file: path, offset: tensor.base, rule: "convert-tensor-out-of-bounds",
                                        expected: "'\(info.name)' inside storage \(entry.name)", found: "bytes past its end")
                }
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
        // Reading the pickle and the ZIP's headers mapped pages all over the file (the kernel maps
        // large folios at once); the tensors are copied file to file, so let the mapping go.
        file.advise(.dontNeed)
    }

    /// The `__metadata__` written: `format: pt` and where the tensors came from.
    public func metadata(key: String?) -> [(String, String)] {
        var meta: [(String, String)] = [("format", "pt"), ("source", String(file.path.split(separator: "/").last ?? "")),
                                        ("source_format", format.rawValue), ("converted_by", "synap-tool convert")]
        if let key { meta.append(("source_key", key)) }
        return meta
    }

    private struct View {
        var storage: String
        var offset: Int
        var stride: [Int]?
    }

    private static func views(_ pytorch: JSONObject) -> [String: View] {
        var result: [String: View] = [:]
        for item in pytorch["views"]?.arrayValue ?? [] {
            guard let o = item.objectValue, let name = o["name"]?.stringValue, let storage = o["storage"]?.stringValue,
                  let offset = o["storage_offset"]?.intValue, let off = Int(exactly: offset) else { continue }
            let stride = o["stride"]?.arrayValue?.compactMap { $0.intValue.flatMap { Int(exactly: $0) } }
            result[name] = View(storage: storage, offset: off, stride: stride)
        }
        return result
    }

    /// The name written for `name`: everything when no key is given, else the part under `key.`.
    static func rename(_ name: String, key: String?) -> String? {
        guard let key else { return name }
        guard name.hasPrefix(key + ".") else { return nil }
        return String(name.dropFirst(key.count + 1))
    }

    private static func lastByte(shape: [Int], strides: [Int]?, size: Int) -> Int? {
        let strides = strides ?? StridedTensor.contiguous(shape)
        guard !shape.contains(0) else { return 0 }
        var last = 0
        for (d, s) in zip(shape, strides) { last += (d - 1) * s }
        return (last + 1) * size
    }
}
