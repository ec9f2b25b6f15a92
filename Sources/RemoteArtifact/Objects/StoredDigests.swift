#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Checksums
import Crypto
import ModelArtifact

/// What S3 keeps about an object's bytes (its ETag, its SHA-256 checksum), and how digests
/// computed here are compared with it: "did my upload arrive intact?" without downloading.
///
/// - A multipart ETag (`<hex>-N`) is the MD5 of the N parts' MD5s; the part size is not stored,
///   so it is inferred from N and the size (8 MiB, the AWS CLI's and boto3's, when it fits; else the
///   first common size that gives N parts; else the smallest whole MiB that does) unless given.
/// - A single-part ETag is the object's MD5 (not for SSE-KMS or SSE-C objects; said so on mismatch).
/// - `x-amz-checksum-sha256` is the SHA-256 of the object put whole, or of a multipart object's
///   parts' SHA-256s (COMPOSITE, `…-N`). moto 5.2 leaves out the `-N`: a multipart ETag says so too.
public struct StoredDigests: Sendable, Equatable {
    public var size: Int64
    public var etag: String?
    public var checksumSHA256: String?

    public init(_ object: RemoteObject) {
        size = object.size
        etag = object.etag.map { $0.trimmed(of: "\"") }
        checksumSHA256 = object.checksumSHA256
    }

    /// The parts of a multipart upload, from the ETag's or the checksum's `-N`.
    public var parts: Int? {
        S3ObjectInfo.partCount(etag) ?? S3ObjectInfo.partCount(checksumSHA256)
    }

    /// Part sizes people upload with, tried after 8 MiB.
    static let commonPartSizes = [5, 16, 32, 64, 100, 128, 256, 512, 1024].map { $0 << 20 }

    /// The part size the object was uploaded with: `given`, else the one inferred from its part
    /// count and size; nil for an object put whole.
    public func partSize(given: Int?) -> Int? {
        guard let parts else { return nil }
        if let given { return given }
        let size = Int(self.size)
        guard parts > 1 else { return max(size, 1) }
        let smallest = (size + parts - 1) / parts
        let largest = (size - 1) / (parts - 1)
        let fits = { (part: Int) in part >= smallest && part <= largest }
        if fits(DigestAlgorithm.defaultPartSize) { return DigestAlgorithm.defaultPartSize }
        if let common = Self.commonPartSizes.first(where: fits) { return common }
        let wholeMiB = ((smallest + (1 << 20) - 1) >> 20) << 20
        return fits(wholeMiB) ? wholeMiB : smallest
    }

    /// What to compute over the bytes to compare with what is stored: the algorithms, and the part
    /// ranges whose SHA-256s make a composite checksum.
    public func plan(partSize given: Int?) -> (algorithms: [DigestAlgorithm], ranges: [NamedRange]) {
        var algorithms: [DigestAlgorithm] = []
        var ranges: [NamedRange] = []
        let part = partSize(given: given)
        if etag != nil {
            if let part, (parts ?? 0) > 1 { algorithms.append(.etag(partSize: part)) } else { algorithms.append(.md5) }
        }
        if checksumSHA256 != nil {
            if let part, let parts {
                ranges = (0..<parts).map { index in
                    NamedRange(name: "part \(index + 1)", range: (index * part)..<min((index + 1) * part, Int(size)))
                }
            } else {
                algorithms.append(.sha256)
            }
        }
        return (algorithms, ranges)
    }

    /// Each stored digest against the one computed in `digest` (made by `plan(partSize:)`).
    public func compare(_ digest: FileDigest, partSize given: Int?) -> [StoredDigestCheck] {
        var checks: [StoredDigestCheck] = []
        let part = partSize(given: given)
        if let etag {
            let computed: String?
            var note = ""
            if let parts, parts == 1 {
                computed = digest.md5.flatMap(HexText.bytes).map { HexText.lowercase(Insecure.MD5.hash(data: $0)) + "-1" }
            } else if let parts, let part {
                computed = digest.value(of: .etag(partSize: part))
                note = " (\(parts) parts of \(part) bytes)"
            } else {
                computed = digest.md5
                note = " (the MD5; an SSE-KMS or SSE-C object's ETag is not)"
            }
            checks.append(StoredDigestCheck(name: "ETag", stored: etag, computed: computed ?? "?", detail: note))
        }
        if let stored = checksumSHA256 {
            let computed: String?
            if let parts, let ranges = digest.ranges, ranges.count == parts {
                let raw = ranges.flatMap { HexText.bytes($0.sha256) ?? [] }
                let composite = Data(SHA256.hash(data: raw)).base64EncodedString()
                computed = stored.hasSuffix("-\(parts)") ? "\(composite)-\(parts)" : composite
            } else {
                computed = digest.sha256.flatMap(HexText.bytes).map { Data($0).base64EncodedString() }
            }
            checks.append(StoredDigestCheck(name: "x-amz-checksum-sha256", stored: stored, computed: computed ?? "?",
                                            detail: parts.map { " (composite of \($0) parts)" } ?? ""))
        }
        return checks
    }
}

/// One stored digest compared with the one computed.
public struct StoredDigestCheck: Sendable, Equatable {
    /// What is compared: `ETag` or `x-amz-checksum-sha256`.
    public var name: String
    /// The value S3 keeps.
    public var stored: String
    /// The value computed here.
    public var computed: String
    /// How it was computed (parts, part size).
    public var detail: String

    public init(name: String, stored: String, computed: String, detail: String) {
        self.name = name
        self.stored = stored
        self.computed = computed
        self.detail = detail
    }

    /// True when they are equal.
    public var matches: Bool { stored == computed }

    /// The check as JSON.
    public var json: JSONValue {
        .object(["name": .string(name), "stored": .string(stored), "computed": .string(computed), "match": .bool(matches)])
    }
}
