import Conversion
import Foundation
import ModelArtifact
import TestSupport
import Testing
import ZipContainer

@Suite struct SyNAPBundleTests {
    static let meta = #"{"Inputs": {"0": {"name": "in", "shape": [1, 4]}}, "Outputs": {"0": {"name": "a"}, "1": {"name": "b"}}}"#

    /// A folder with a legacy model pair and the bundle built from it.
    func legacyBundle(_ scratch: ScratchFolder) throws -> String {
        try scratch.write("model.nb", Array("EBGX".utf8) + (0..<200).map { UInt8($0) })
        try scratch.write("model.json", Array(Self.meta.utf8))
        let out = scratch.path + "/model.synap"
        let result = try SyNAPBundles.bundle(meta: scratch.path + "/model.json", files: [scratch.path + "/model.nb"], output: out)
        #expect(result.tensorCount == 3)
        return out
    }

    @Test func legacyBundleUnbundlesAndRebundlesIdentically() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let bundle = try legacyBundle(scratch)
        let archive = try ZipArchive(MappedFile(path: bundle))
        #expect(archive.entries.map(\.name) == ["bundle.json", "0/model.nb", "0/model.json"])
        #expect(archive.entries.allSatisfy { $0.method == .stored })
        let text = String(decoding: try archive.contents(of: archive.entries[0], maxSize: 4096), as: UTF8.self)
        #expect(text == SyNAPBundles.bundleJSON(model: "0/model.nb", meta: "0/model.json", inputs: 1, outputs: 2))
        #expect(text.hasPrefix("{\n \"graph\": [\n  {\n   \"inputs\": [\n    {\n     \"subgraph\": -1,\n     \"out\": 0\n    }\n   ],"))
        let files = try SyNAPBundles.unbundle(bundle, into: scratch.path + "/u")
        #expect(files.count == 3)
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/u/0/model.nb"))
            == Data(contentsOf: URL(fileURLWithPath: scratch.path + "/model.nb")))
        _ = try SyNAPBundles.bundle(meta: scratch.path + "/u/bundle.json", files: [], output: scratch.path + "/again.synap")
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/again.synap")) == Data(contentsOf: URL(fileURLWithPath: bundle)))
    }

    /// The files a description names may be given from anywhere, by the end of their paths; a file
    /// it does not name, or a name no file is found for, is refused.
    @Test func descriptionTakesTheFilesItNames() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let bundle = try legacyBundle(scratch)
        _ = try SyNAPBundles.unbundle(bundle, into: scratch.path + "/u")
        try FileManager.default.createDirectory(atPath: scratch.path + "/desc", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: scratch.path + "/u/bundle.json", toPath: scratch.path + "/desc/bundle.json")
        let files = [scratch.path + "/u/0/model.nb", scratch.path + "/u/0/model.json"]
        _ = try SyNAPBundles.bundle(meta: scratch.path + "/desc/bundle.json", files: files, output: scratch.path + "/d.synap")
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/d.synap")) == Data(contentsOf: URL(fileURLWithPath: bundle)))
        #expect(rule { _ = try SyNAPBundles.bundle(meta: scratch.path + "/desc/bundle.json", files: files + [scratch.path + "/model.json"],
                                                   output: scratch.path + "/e.synap") } == "convert-bundle-files")
        #expect(rule { _ = try SyNAPBundles.bundle(meta: scratch.path + "/desc/bundle.json", files: [],
                                                   output: scratch.path + "/e.synap") } == "unreadable")
    }

    /// A TFLite model with its meta becomes a one-subgraph bundle under the toolkit's CPU names.
    @Test func tfliteModelBundlesAsSubgraphZero() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        try scratch.write("m.json", Array(Self.meta.utf8))
        let out = scratch.path + "/m.synap"
        _ = try SyNAPBundles.bundle(meta: scratch.path + "/m.json", files: [Fixtures.path("tflite/quantized.tflite")], output: out)
        let archive = try ZipArchive(MappedFile(path: out))
        #expect(archive.entries.map(\.name) == ["bundle.json", "0/subgraph_0.tflite", "0/subgraph_0.json"])
    }

    @Test func corpusBundlesRoundTrip() throws {
        let relative = "synap/synap-release/dolphin/image_classification/imagenet/model/mobilenet_v1_0.25_224_quant/model.synap"
        guard CorpusLocation.exists(relative) else { return }
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        _ = try SyNAPBundles.unbundle(CorpusLocation.path(relative), into: scratch.path + "/u")
        _ = try SyNAPBundles.bundle(meta: scratch.path + "/u/bundle.json", files: [], output: scratch.path + "/o.synap")
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/o.synap"))
            == Data(contentsOf: URL(fileURLWithPath: CorpusLocation.path(relative))))
    }

    @Test func refusals() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        try scratch.write("notes.nb", Array("(* Mathematica *)".utf8))
        try scratch.write("notes.json", Array(Self.meta.utf8))
        #expect(rule { _ = try SyNAPBundles.bundle(meta: scratch.path + "/notes.json", files: [scratch.path + "/notes.nb"],
                                                   output: scratch.path + "/n.synap") } == "convert-not-synap-model")
        try scratch.write("model.nb", Array("EBGX".utf8) + [1, 2, 3])
        #expect(rule { _ = try SyNAPBundles.bundle(meta: scratch.path + "/notes.json", files: [],
                                                   output: scratch.path + "/n.synap") } == "convert-bundle-files")
        try scratch.write("list.json", Array("[1]".utf8))
        #expect(rule { _ = try SyNAPBundles.bundle(meta: scratch.path + "/list.json", files: [],
                                                   output: scratch.path + "/n.synap") } == "convert-bad-meta-json")
        #expect(rule { _ = try SyNAPBundles.unbundle(Fixtures.path("misc/plain.zip"), into: scratch.path + "/p") } == "convert-not-synap")
        // Hostile names, written with the same stored writer.
        for name in ["../evil", "/etc/evil", "0/../../evil", "a\\b", "0//x"] {
            let path = scratch.path + "/hostile.synap"
            let out = try AtomicOutput(path: path, inputs: [])
            var zip = StoredZipWriter(out)
            var json = ByteRope()
            json.append(Array("{}".utf8))
            try zip.add("bundle.json", json)
            try zip.add(name, json)
            try zip.finish()
            _ = try out.commit()
            #expect(rule { _ = try SyNAPBundles.unbundle(path, into: scratch.path + "/h") } == "convert-unsafe-entry-name", "\(name)")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/evil"))
        // A changed payload byte: the CRC no longer matches.
        let bundle = try legacyBundle(scratch)
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: bundle)))
        let at = try #require(ZipArchive(MappedFile(path: bundle)).entries.first { $0.name == "0/model.nb" }).dataOffset + 10
        bytes[at] ^= 0xff
        let broken = try scratch.write("broken.synap", bytes)
        #expect(rule { _ = try SyNAPBundles.unbundle(broken, into: scratch.path + "/b") } == "convert-zip-crc-mismatch")
        try FileManager.default.createDirectory(atPath: scratch.path + "/nobundle", withIntermediateDirectories: true)
        try scratch.write("nobundle/bundle.json", Array(#"{"graph": [{"model": "../x", "meta": "0/m.json"}]}"#.utf8))
        #expect(rule { _ = try SyNAPBundles.bundle(meta: scratch.path + "/nobundle/bundle.json", files: [], output: scratch.path + "/x.synap") }
            == "convert-unsafe-entry-name")
        // bundle.json is read by the SyNAP reader's parser: what it refuses is not bundled.
        try scratch.write("nobundle/bundle.json", Array(#"{"graph": [{"model": "0/m.nb"}]}"#.utf8))
        #expect(rule { _ = try SyNAPBundles.bundle(meta: scratch.path + "/nobundle/bundle.json", files: [], output: scratch.path + "/x.synap") }
            == "convert-bad-bundle-json")
        try scratch.write("nobundle/bundle.json", Array(#"{"graph": [{"model": "0/m.nb", "meta": "0/m.json", "inputs": 3}]}"#.utf8))
        #expect(rule { _ = try SyNAPBundles.bundle(meta: scratch.path + "/nobundle/bundle.json", files: [], output: scratch.path + "/x.synap") }
            == "synap-bundle-wiring")
        try scratch.write("nobundle/bundle.json", Array(#"{"graph": {}}"#.utf8))
        #expect(rule { _ = try SyNAPBundles.bundle(meta: scratch.path + "/nobundle/bundle.json", files: [], output: scratch.path + "/x.synap") }
            == "synap-bundle-graph")
    }

    @Test func hostileBundlesThrowArtifactErrors() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: try legacyBundle(scratch))))
        try expectOnlyArtifactErrors(original, in: scratch, name: "in.synap", seed: 7) { input, trial in
            _ = try SyNAPBundles.unbundle(input, into: scratch.path + "/out\(trial)")
        }
    }
}

/// `--unbundle` is atomic: entries go to a hidden folder beside the target, renamed into place when
/// all are written; a refused bundle leaves nothing, and no entry is written outside the target.
@Suite struct UnbundleAtomicityTests {
    /// What the scratch folder holds besides the bundles the test wrote.
    func leftovers(_ scratch: ScratchFolder) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { !$0.hasSuffix(".synap") }.sorted()
    }

    /// A bundle: bundle.json, a good entry, then whatever `hostile` adds.
    func bundle(_ scratch: ScratchFolder, _ hostile: (inout TestZip) -> Void) throws -> String {
        var zip = TestZip()
        zip.add("bundle.json", Array("{}".utf8))
        zip.add("0/model.json", Array(SyNAPBundleTests.meta.utf8))
        hostile(&zip)
        return try scratch.write("hostile.synap", zip.bytes)
    }

    @Test func refusedBundlesLeaveNothingBehind() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let payload: [UInt8] = Array("EBGX".utf8) + [1, 2, 3]
        var cases: [(String, String, (inout TestZip) -> Void)] = []
        for name in ["../evil", "/tmp/evil-\(getpid())", "0/../../evil", "a\\b", "0//x", "0/./x", "a\nb", "a\u{1b}[2Jb", "a\u{7f}"] {
            cases.append((name, "convert-unsafe-entry-name", { $0.add(name, payload) }))
        }
        cases.append(("symlink", "convert-unsafe-entry", { $0.add("0/model.nb", Array("../../etc/passwd".utf8), symlink: true) }))
        cases.append(("duplicate", "convert-unsafe-entry", { $0.add("0/model.json", payload) }))
        cases.append(("file then folder", "convert-unsafe-entry", { $0.add("0/model.json/x", payload) }))
        cases.append(("folder then file", "convert-unsafe-entry", { $0.add("0", payload) }))
        for (label, expected, hostile) in cases {
            let input = try bundle(scratch, hostile)
            #expect(rule { _ = try SyNAPBundles.unbundle(input, into: scratch.path + "/out") } == expected, "\(label)")
            #expect(try leftovers(scratch) == [], "\(label)")
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/evil-\(getpid())"))
        // A payload whose bytes no longer match its CRC, after another entry was written: nothing stays.
        let good = try bundle(scratch) { $0.add("0/model.nb", payload) }
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: good)))
        bytes[try #require(ZipArchive(MappedFile(path: good)).entries.last).dataOffset + 2] ^= 0xff
        let broken = try scratch.write("broken.synap", bytes)
        #expect(rule { _ = try SyNAPBundles.unbundle(broken, into: scratch.path + "/out") } == "convert-zip-crc-mismatch")
        #expect(try leftovers(scratch) == [])
    }

    @Test func theTargetIsNewOrEmpty() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        var zip = TestZip()
        zip.add("bundle.json", Array("{}".utf8))
        zip.add("0/model.nb", Array("EBGX".utf8))
        let input = try scratch.write("ok.synap", zip.bytes)
        let fm = FileManager.default
        // A folder with files: never written into.
        try fm.createDirectory(atPath: scratch.path + "/full", withIntermediateDirectories: true)
        try scratch.write("full/keep", [7])
        #expect(rule { _ = try SyNAPBundles.unbundle(input, into: scratch.path + "/full") } == "convert-output-exists")
        #expect(try fm.contentsOfDirectory(atPath: scratch.path + "/full") == ["keep"])
        // A file, or a link to a folder: refused too.
        try scratch.write("file", [1])
        #expect(rule { _ = try SyNAPBundles.unbundle(input, into: scratch.path + "/file") } == "convert-output-exists")
        try fm.createDirectory(atPath: scratch.path + "/elsewhere", withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: scratch.path + "/link", withDestinationPath: "elsewhere")
        #expect(rule { _ = try SyNAPBundles.unbundle(input, into: scratch.path + "/link") } == "convert-output-exists")
        #expect(try fm.contentsOfDirectory(atPath: scratch.path + "/elsewhere") == [])
        // An empty folder is replaced; a new one is made. Either way no temporary folder stays.
        try fm.createDirectory(atPath: scratch.path + "/empty", withIntermediateDirectories: true)
        for target in ["/empty", "/new/"] {
            let files = try SyNAPBundles.unbundle(input, into: scratch.path + target)
            let folder = scratch.path + target.replacingOccurrences(of: "/new/", with: "/new")
            #expect(files.map(\.path) == [folder + "/bundle.json", folder + "/0/model.nb"])
            #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/0/model.nb")) == Data("EBGX".utf8))
        }
        #expect(try leftovers(scratch).filter { $0.contains("unbundle") } == [])
    }
}
