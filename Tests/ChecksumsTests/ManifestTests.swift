import ModelArtifact
import Testing
@testable import Checksums

/// `sha256sum`-format manifests and the checkpoint digest.
@Suite struct ManifestTests {
    static let a = String(repeating: "a", count: 64)
    static let b = String(repeating: "b", count: 64)

    @Test func formatAndParseRoundTrip() throws {
        let lines = [Manifest.Line(digest: Self.a, path: "model-00001-of-00002.safetensors"),
                     Manifest.Line(digest: Self.b, path: "dir/we\\ird\nname")]
        let text = lines.map(Manifest.format).joined(separator: "\n") + "\n"
        #expect(text.hasPrefix("\(Self.a)  model-"))
        #expect(text.contains("\\\(Self.b)  dir/we\\\\ird\\nname"))
        let parsed = try Manifest.parse(MappedFile(bytes: Array(text.utf8), name: "m"))
        #expect(parsed == lines)
    }

    @Test func acceptsWhatCoreutilsWrites() throws {
        let text = "# comment\n\n\(Self.a) *binary.bin\r\n\(String(repeating: "c", count: 32))  md5.bin\nd41d8cd98f00b204e9800998ecf8427e-3  etag.bin\n"
        let parsed = try Manifest.parse(MappedFile(bytes: Array(text.utf8), name: "m"))
        #expect(parsed.map(\.path) == ["binary.bin", "md5.bin", "etag.bin"])
    }

    @Test func refusesMalformedLines() {
        for bad in ["xyz  file\n", "\(Self.a) file\n", "\(Self.a)  \n", "\(Self.a.dropLast())  f\n"] {
            let error = #expect(throws: ArtifactError.self) { try Manifest.parse(MappedFile(bytes: Array(bad.utf8), name: "m")) }
            #expect(error?.rule == "manifest-line", "\(bad)")
        }
        let error = #expect(throws: ArtifactError.self) { try Manifest.parse(MappedFile(bytes: [0xff, 0x20], name: "m")) }
        #expect(error?.rule == "manifest-not-utf8")
    }

    @Test func checkpointDigestIgnoresOrderButNotContent() {
        let one = [Manifest.Line(digest: Self.a, path: "x"), Manifest.Line(digest: Self.b, path: "y")]
        let two = [one[1], one[0]]
        #expect(Manifest.checkpointDigest(one) == Manifest.checkpointDigest(two))
        #expect(Manifest.checkpointDigest(one) != Manifest.checkpointDigest([one[0], Manifest.Line(digest: Self.a, path: "y")]))
        // The digest is SHA-256 of the sorted manifest text.
        #expect(Manifest.checkpointDigest([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
