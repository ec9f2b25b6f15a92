import Foundation
import ModelArtifact
import TestSupport

/// The reference digests of `Fixtures/checksums/vectors.json` (Python hashlib), and the files they
/// describe, made here by the same byte rule.
struct ChecksumVector: CustomStringConvertible, Sendable {
    let name: String
    let size: Int
    let sparse: Bool
    let patches: [(offset: Int, length: Int)]
    let sha256: String
    let md5: String
    let etags: [Int: String]
    var description: String { name }

    static let all: [ChecksumVector] = {
        let file = try! MappedFile(path: Fixtures.path("checksums/vectors.json"))
        let doc = try! JSONParser.parse(file.reader()).objectValue!
        return doc["vectors"]!.arrayValue!.map { value in
            let o = value.objectValue!
            var etags: [Int: String] = [:]
            for (part, etag) in o["etag"]!.objectValue! { etags[Int(part)!] = etag.stringValue! }
            return ChecksumVector(
                name: o["name"]!.stringValue!, size: Int(o["size"]!.intValue!),
                sparse: o["kind"]!.stringValue! == "sparse",
                patches: (o["patches"]?.arrayValue ?? []).map { p in
                    (Int(p.arrayValue![0].intValue!), Int(p.arrayValue![1].intValue!))
                },
                sha256: o["sha256"]!.stringValue!, md5: o["md5"]!.stringValue!, etags: etags)
        }
    }()

    static let small = all.filter { !$0.sparse }
    static let large = all.filter { $0.sparse }

    /// Byte `i` of a pattern file.
    static func pattern(_ i: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: (UInt64(i) &* 2654435761) >> 24)
    }

    /// Writes the file into `folder` (sparse files by truncating and writing their patches) and returns its path.
    /// Each call makes a file of its own (tests run in parallel: one must never rewrite a file another reads).
    func make(in folder: String) throws -> String {
        let path = folder + "/" + name + "-" + UUID().uuidString
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        if sparse {
            try handle.truncate(atOffset: UInt64(size))
            for (offset, length) in patches {
                try handle.seek(toOffset: UInt64(offset))
                try handle.write(contentsOf: Data((offset..<(offset + length)).map(Self.pattern)))
            }
        } else {
            try handle.write(contentsOf: Data((0..<size).map(Self.pattern)))
        }
        return path
    }
}
