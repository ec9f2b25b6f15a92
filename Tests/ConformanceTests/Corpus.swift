import Foundation
import ModelArtifact
import TestSupport

/// The shared corpus of real model files and the reference implementations' answers for them:
/// `$MODEL_CORPUS`, or `../shared/corpus` beside the package.
struct Corpus {
    /// The corpus root.
    let root: String

    /// One corpus file and its expected report.
    struct Case: CustomStringConvertible {
        /// Path relative to the corpus root (as the expected report's `path`).
        let relativePath: String
        /// Absolute path of the model file.
        let path: String
        /// The expected report.
        let expected: JSONObject
        var description: String { relativePath }
    }

    /// The corpus, or nil (with the reason) when it is not there.
    static func locate() -> (corpus: Corpus?, reason: String) {
        let root = CorpusLocation.root
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root + "/expected", isDirectory: &isFolder), isFolder.boolValue else {
            return (nil, "no corpus at \(root) (set MODEL_CORPUS to run the conformance tests)")
        }
        return (Corpus(root: root), "corpus at \(root)")
    }

    /// Every model file that has an expected report, sorted by path.
    func cases() throws -> [Case] {
        let expectedRoot = root + "/expected"
        guard let walker = FileManager.default.enumerator(atPath: expectedRoot) else { return [] }
        var found: [Case] = []
        for case let relative as String in walker where relative.hasSuffix(".json") {
            let modelRelative = String(relative.dropLast(".json".count))
            let modelPath = root + "/" + modelRelative
            guard FileManager.default.fileExists(atPath: modelPath) else { continue }
            let expected = try JSONParser.parse(MappedFile(path: expectedRoot + "/" + relative).reader(),
                                                what: "an expected report")
            guard case .object(let object) = expected else { continue }
            found.append(Case(relativePath: modelRelative, path: modelPath, expected: object))
        }
        return found.sorted { $0.relativePath < $1.relativePath }
    }
}
