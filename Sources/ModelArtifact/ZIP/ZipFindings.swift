/// The findings and errors of the ZIP reader: its finding codes, and the rules it throws.
///
/// A **finding** leaves the archive readable: every entry's bytes are still where the central
/// directory says. A **thrown `ArtifactError`** means the structure cannot be trusted (two readers
/// could see different files), so no `ZipArchive` is made.
///
/// The findings are `ZipFindingCode`'s cases (their texts: `docs/findings.md`).
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
public enum ZipFindingCode: String, FindingCode {
    case unsafePath = "ZIP001"
    case unportableName = "ZIP002"
    case duplicateName = "ZIP003"
    case encrypted = "ZIP004"
    case unsupportedMethod = "ZIP005"
    case prefixData = "ZIP006"
    case unaccountedBytes = "ZIP007"
    case trailingData = "ZIP008"
    case ambiguousEnd = "ZIP009"
    case compressionBomb = "ZIP010"
    case hugeTotal = "ZIP011"
    case descriptorMismatch = "ZIP012"
    case symlink = "ZIP013"

    public var meaning: FindingMeaning {
        switch self {
        case .unsafePath:
            return .init(.error, "Entry name escapes the extraction folder",
                         "An entry name escapes the extraction folder: a `..` component, a leading `/` or `\\`, a drive letter (`C:`), in the name or in its Info-ZIP Unicode Path extra field (0x7075).")
        case .unportableName:
            return .init(.warning, "Entry name not portable",
                         "An entry name is not portable: a backslash, a control character or NUL, empty, or not UTF-8 despite flag bit 11.")
        case .duplicateName:
            return .init(.error, "Entry name occurs twice",
                         "Two entries have the same name (readers disagree on which one wins; `entry(named:)` gives the first).")
        case .encrypted:
            return .init(.warning, "Encrypted entry", "An entry is encrypted (flag bit 0): its contents cannot be read.")
        case .unsupportedMethod:
            return .init(.warning, "Compression method not read", "An entry uses a compression method other than stored or deflated.")
        case .prefixData:
            return .init(.warning, "Bytes before the first entry",
                         "Bytes before the first local header (a self-extractor stub or a polyglot).")
        case .unaccountedBytes:
            return .init(.warning, "Bytes no record accounts for",
                         "Bytes no record accounts for: between entries, after the last entry, or after the central directory.")
        case .trailingData:
            return .init(.warning, "Bytes after the end record", "Bytes after the end-of-central-directory record and its comment.")
        case .ambiguousEnd:
            return .init(.warning, "Ambiguous end record",
                         "The end-record signature occurs again after the chosen end record (other readers may pick that one).")
        case .compressionBomb:
            return .init(.warning, "Compression ratio of a bomb",
                         "An entry's declared compression ratio looks like a bomb (`ZipLimits.bombRatio`, `bombMinimumSize`).")
        case .hugeTotal:
            return .init(.warning, "Huge total inflated size",
                         "Compressed entries declare more than `ZipLimits.maxTotalInflated` bytes in total.")
        case .descriptorMismatch:
            return .init(.warning, "Data descriptor missing or wrong",
                         "A data descriptor (flag bit 3) is missing or disagrees with the central directory.")
        case .symlink:
            return .init(.warning, "Symbolic-link entry", "An entry is a symbolic link (Unix mode in the external attributes).")
        }
    }
}
