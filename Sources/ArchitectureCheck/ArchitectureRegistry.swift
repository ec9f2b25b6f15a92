import ModelArtifact

/// The architecture and family files compiled into the tool: one Swift file each under
/// `Architectures/` and `Families/`, holding the JSON text (schema in docs/cli.md, "The architecture registry"). Compiled in rather
/// than shipped as resources, so that the deployment binary stays one static file and reading the
/// registry costs no file I/O and no Foundation `Bundle`.
public enum BuiltinArchitectures {
    /// Every built-in family file. Add a family here.
    static let families: [String] = [llamaFamily, qwen3Family, gptOssFamily]
    /// Every built-in architecture file. Add an architecture here.
    static let architectures: [String] = [llama31_8b, llama33_70b, qwen3_32b, gptOss20b, gptOss120b]
}

/// The architectures synap-tool knows, by id: the built-in ones, parsed on first use.
public struct ArchitectureRegistry: Sendable {
    /// Every architecture, in registration order.
    public let all: [ArchitectureSpec]
    private let families: [String: FamilyFile]
    private let files: [String: ArchitectureFile]

    /// The built-in registry (parsed once; a broken built-in file is a bug the tests catch, and traps).
    public static let builtin: ArchitectureRegistry = {
        do {
            return try ArchitectureRegistry(families: BuiltinArchitectures.families,
                                            architectures: BuiltinArchitectures.architectures)
        } catch {
            fatalError("built-in architecture file: \(error)")
        }
    }()

    /// A registry of the given family and architecture files (JSON text).
    public init(families familyTexts: [String], architectures architectureTexts: [String]) throws {
        var families: [String: FamilyFile] = [:]
        for text in familyTexts {
            let family = try FamilyFile(Self.parse(text, name: "family file"), families: families)
            guard families[family.name] == nil else { throw SpecError("family \(family.name) is defined twice") }
            families[family.name] = family
        }
        var files: [String: ArchitectureFile] = [:]
        var all: [ArchitectureSpec] = []
        for text in architectureTexts {
            let file = try Self.resolve(ArchitectureFile(Self.parse(text, name: "architecture file")), bases: files)
            guard files[file.id] == nil else { throw SpecError("architecture \(file.id) is defined twice") }
            files[file.id] = file
            all.append(try file.spec(families: families))
        }
        self.families = families
        self.files = files
        self.all = all
    }

    /// `file` on top of its `base`, which must be registered before it.
    private static func resolve(_ file: ArchitectureFile, bases: [String: ArchitectureFile]) throws -> ArchitectureFile {
        guard let baseID = file.base else { return file }
        guard let base = bases[baseID] else {
            throw SpecError("\(file.id): base \"\(baseID)\" is not an architecture registered before it")
        }
        return file.inheriting(from: base)
    }

    /// The architecture with id `id`, or nil.
    public func spec(_ id: String) -> ArchitectureSpec? {
        all.first { $0.id == id }
    }

    /// The ids, in registration order.
    public var ids: [String] { all.map(\.id) }

    /// Reads an architecture file from disk (`--arch-file`); its `family` may name a built-in family
    /// or be a family object, and its `base` a built-in architecture. Throws `ArtifactError` when unreadable, `SpecError` when wrong.
    public func load(file path: String) throws -> ArchitectureSpec {
        let file = try MappedFile(path: path)
        guard file.size <= 4 << 20 else {
            throw ArtifactError(file: path, offset: nil, rule: "arch-file-too-large", expected: "at most 4 MiB",
                                found: "\(file.size) bytes")
        }
        let value = try JSONParser.parse(file.reader(), what: "the architecture file")
        do {
            return try Self.resolve(ArchitectureFile(value), bases: files).spec(families: families)
        } catch let error as SpecError {
            throw SpecError("\(path): \(error.message)")
        }
    }

    private static func parse(_ text: String, name: String) throws -> JSONValue {
        try JSONParser.parse(bytes: Array(text.utf8), name: name, what: name)
    }
}
