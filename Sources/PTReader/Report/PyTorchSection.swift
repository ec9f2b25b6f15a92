import ModelArtifact

/// The report's `pytorch` section: the container's records, the tensors that are views worth
/// noting, and the globals outside the allow-list (what whoever acts on the verdict reads).
public struct PyTorchSection: ReportSection, Equatable {
    public static let key = "pytorch"

    /// What holds the pickles; nil for a file whose records are not listed here (pt2, NumPy, a plain ZIP).
    public var container: Container?
    /// Tensors that are non-contiguous views or share their storage, in walk order.
    public var views: [TensorView] = []
    /// The globals outside the allow-list, in the order they were first met.
    public var disallowed: [DisallowedGlobal] = []

    /// A `torch.save` file's container.
    public enum Container: Sendable, Equatable {
        /// A `torch.save` ZIP or TorchScript archive, with its records.
        case zip(ArchiveRecords)
        /// A legacy file; its storages counted when they were located (a safe file's).
        case legacy(storages: Int?)
        /// A bare pickle file: how many pickles it holds back to back.
        case pickle(pickles: Int)
    }

    /// The records of a `torch.save` ZIP or TorchScript archive, as written.
    public struct ArchiveRecords: Sendable, Equatable {
        /// The folder every entry is under.
        public var folder: String
        /// `.data/version` (or `version`), `byteorder`, `.format_version`, `.storage_alignment`,
        /// `.data/serialization_id`, when present.
        public var version: String?, byteorder: String?, formatVersion: String?, storageAlignment: String?,
                   serializationID: String?
        /// Entries under `data/`.
        public var storages: Int
        /// What a TorchScript archive adds.
        public var torchScript: TorchScriptRecords?
    }

    /// A TorchScript archive's code files and classes.
    public struct TorchScriptRecords: Sendable, Equatable {
        /// The `code/*.py` files.
        public var codeFiles: Int
        /// The `__torch__.` classes its pickles name, sorted.
        public var classes: [String]
    }

    /// A tensor that views its storage other than alone and from end to end.
    public struct TensorView: Sendable, Equatable {
        public var name: String
        /// The storage's key.
        public var storage: String
        /// The first element's index in the storage.
        public var storageOffset: Int64
        /// The strides, when the tensor records them.
        public var stride: [Int64]?
        public var contiguous: Bool

        var json: JSONValue {
            var o = JSONObject()
            o.append("name", .string(name))
            o.append("storage", .string(storage))
            o.append("storage_offset", .int(storageOffset))
            if let stride { o.append("stride", .array(stride.map { .int($0) })) }
            o.append("contiguous", .bool(contiguous))
            return .object(o)
        }
    }

    /// True when there is nothing to write (then a report leaves the section out).
    public var isEmpty: Bool { container == nil && views.isEmpty && disallowed.isEmpty }

    public var json: JSONValue {
        var o = JSONObject()
        let views = JSONValue.array(self.views.map(\.json))
        switch container {
        case .zip(let records)?:
            // The archive reader lists the views before it reads the records.
            if !self.views.isEmpty { o.append("views", views) }
            o.append("container", .string("zip"))
            o.append("archive", .string(records.folder))
            for (key, text) in [("version", records.version), ("byteorder", records.byteorder),
                                ("format_version", records.formatVersion), ("storage_alignment", records.storageAlignment),
                                ("serialization_id", records.serializationID)] {
                if let text { o.append(key, .string(text)) }
            }
            o.append("storages", .int(Int64(records.storages)))
            if let script = records.torchScript {
                o.append("code_files", .int(Int64(script.codeFiles)))
                o.append("classes", .array(script.classes.map { .string($0) }))
            }
        case .legacy(let storages)?:
            o.append("container", .string("legacy"))
            o.append("protocol_version", .int(Int64(FormatSignatures.torchLegacyProtocol)))
            if !self.views.isEmpty { o.append("views", views) }
            if let storages { o.append("storages", .int(Int64(storages))) }
        case .pickle(let pickles)?:
            o.append("container", .string("pickle"))
            o.append("pickles", .int(Int64(pickles)))
            if !self.views.isEmpty { o.append("views", views) }
        case nil:
            if !self.views.isEmpty { o.append("views", views) }
        }
        if !disallowed.isEmpty { o.append("disallowed", .array(disallowed.map(\.json))) }
        return .object(o)
    }

    public func mapStrings(_ transform: (String) -> String) -> PyTorchSection {
        var c = self
        if case .zip(var records)? = container {
            records.folder = transform(records.folder)
            records.version = records.version.mapStrings(transform)
            records.byteorder = records.byteorder.mapStrings(transform)
            records.formatVersion = records.formatVersion.mapStrings(transform)
            records.storageAlignment = records.storageAlignment.mapStrings(transform)
            records.serializationID = records.serializationID.mapStrings(transform)
            if let classes = records.torchScript?.classes { records.torchScript?.classes = classes.mapStrings(transform) }
            c.container = .zip(records)
        }
        c.views = views.map { view in
            var v = view
            v.name = transform(view.name)
            v.storage = transform(view.storage)
            return v
        }
        c.disallowed = disallowed.mapStrings(transform)
        return c
    }
}
