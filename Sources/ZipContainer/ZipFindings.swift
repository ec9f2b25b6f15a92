import ModelArtifact

/// The findings and errors of the ZIP reader: one table, the single source of truth for both.
///
/// A **finding** leaves the archive readable: every entry's bytes are still where the central
/// directory says. A **thrown `ArtifactError`** means the structure cannot be trusted (two readers
/// could see different files), so no `ZipArchive` is made.
///
/// | code   | severity | finding |
/// | ------ | -------- | ------- |
/// | ZIP001 | error    | entry name escapes the extraction folder: a `..` component, a leading `/` or `\`, a drive letter (`C:`), in the name or in its Info-ZIP Unicode Path extra field (0x7075) |
/// | ZIP002 | warning  | entry name is not portable: a backslash, a control character or NUL, empty, or not UTF-8 despite flag bit 11 |
/// | ZIP003 | error    | two entries have the same name (readers disagree on which one wins; `entry(named:)` gives the first) |
/// | ZIP004 | warning  | entry is encrypted (flag bit 0): its contents cannot be read |
/// | ZIP005 | warning  | entry uses a compression method other than stored or deflated |
/// | ZIP006 | warning  | bytes before the first local header (a self-extractor stub or a polyglot) |
/// | ZIP007 | warning  | bytes no record accounts for: between entries, after the last entry, or after the central directory |
/// | ZIP008 | warning  | bytes after the end-of-central-directory record and its comment |
/// | ZIP009 | warning  | the end-record signature occurs again after the chosen end record (other readers may pick that one) |
/// | ZIP010 | warning  | an entry's declared compression ratio looks like a bomb (`ZipLimits.bombRatio`, `bombMinimumSize`) |
/// | ZIP011 | warning  | compressed entries declare more than `ZipLimits.maxTotalInflated` bytes in total |
/// | ZIP012 | warning  | a data descriptor (flag bit 3) is missing or disagrees with the central directory |
/// | ZIP013 | warning  | entry is a symbolic link (Unix mode in the external attributes) |
///
/// | rule (thrown)               | when |
/// | --------------------------- | ---- |
/// | zip-no-eocd                 | no end-of-central-directory signature in the last 65,557 bytes |
/// | zip-eocd-bad                | the end record's comment runs past the end of the file |
/// | zip-multi-disk              | a disk number other than 0, or more than one disk (spanned archives are not read) |
/// | zip64-eocd-bad              | the ZIP64 locator points outside the file or at something that is not a ZIP64 end record |
/// | zip-eocd-mismatch           | end-record counts disagree with each other, with the ZIP64 record, or with the central directory |
/// | zip-too-many-entries        | more entries than `ZipLimits.maxEntries` |
/// | zip-cd-truncated            | the central directory runs past its end record, or ends inside a record |
/// | zip-cd-bad-signature        | a central-directory record lacks its signature (also what bytes prepended without adjusting offsets give) |
/// | zip64-extra-missing         | a saturated size or offset (0xFFFFFFFF) without its ZIP64 extra-field value |
/// | zip-size-out-of-range       | a 64-bit size or offset beyond what this machine can address |
/// | zip-local-header-bad        | an entry's local header is missing, truncated or lacks its signature |
/// | zip-local-header-mismatch   | local header and central directory disagree on name, method, encryption, CRC or sizes (sizes and CRC only without bit 3) |
/// | zip-entry-truncated         | an entry's data runs past the end of the file |
/// | zip-stored-size-mismatch    | a stored, unencrypted entry whose compressed and uncompressed sizes differ |
/// | zip-overlap                 | two entries share bytes, or an entry runs into the central directory |
/// | zip-encrypted               | reading an encrypted entry's contents |
/// | zip-unsupported-method      | reading an entry whose method is neither stored nor deflated |
/// | zip-not-stored              | asking for a zero-copy reader over a compressed entry |
/// | zip-entry-too-large         | the entry declares more uncompressed bytes than the caller's cap |
/// | zip-inflate-too-large       | the deflate stream yields more bytes than the entry declares (nothing past the declared size is allocated) |
/// | zip-inflate-short           | the deflate stream ends before the declared size |
/// | zip-inflate-truncated       | the deflate stream is cut off before its end |
/// | zip-inflate-failed          | zlib rejects the deflate stream |
/// | zip-crc-mismatch            | the bytes read do not have the CRC-32 the central directory declares |
public enum ZipFindingCode: String, Sendable, CaseIterable {
    /// A name that escapes the extraction folder.
    case unsafePath = "ZIP001"
    /// A name that is not portable.
    case unportableName = "ZIP002"
    /// A name that occurs twice.
    case duplicateName = "ZIP003"
    /// An encrypted entry.
    case encrypted = "ZIP004"
    /// A compression method other than stored or deflated.
    case unsupportedMethod = "ZIP005"
    /// Bytes before the first local header.
    case prefixData = "ZIP006"
    /// Bytes that belong to no entry or record.
    case unaccountedBytes = "ZIP007"
    /// Bytes after the end record and its comment.
    case trailingData = "ZIP008"
    /// An end-record signature after the chosen end record.
    case ambiguousEnd = "ZIP009"
    /// A declared compression ratio that looks like a bomb.
    case compressionBomb = "ZIP010"
    /// A huge declared total of inflated bytes.
    case hugeTotal = "ZIP011"
    /// A data descriptor missing or disagreeing with the central directory.
    case descriptorMismatch = "ZIP012"
    /// A symbolic-link entry.
    case symlink = "ZIP013"

    /// The severity every finding of this code carries.
    public var severity: Severity {
        switch self {
        case .unsafePath, .duplicateName: return .error
        default: return .warning
        }
    }
}

/// Gathers findings, at most `perCode` of each code, then one line saying how many more there were.
struct ZipFindingCollector {
    let file: String
    let perCode: Int
    private(set) var findings: [Finding] = []
    private var counts: [ZipFindingCode: Int] = [:]

    init(file: String, perCode: Int = 20) {
        self.file = file
        self.perCode = perCode
    }

    /// Adds a finding about byte `offset` of the file.
    mutating func add(_ code: ZipFindingCode, _ message: String, at offset: Int) {
        let seen = counts[code, default: 0]
        counts[code] = seen + 1
        guard seen < perCode else { return }
        findings.append(Finding(code.severity, code.rawValue, message, location: Finding.location(file, offset)))
    }

    /// The findings, with a summary for each code that went over its cap.
    func finished() -> [Finding] {
        var all = findings
        for code in ZipFindingCode.allCases {
            let count = counts[code, default: 0]
            if count > perCode {
                all.append(Finding(code.severity, code.rawValue, "\(count - perCode) more \(code.rawValue) findings not listed",
                                   location: file))
            }
        }
        return all
    }
}
