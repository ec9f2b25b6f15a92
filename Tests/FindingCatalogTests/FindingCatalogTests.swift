import FindingCatalog
import Foundation
import ModelArtifact
import Testing
import TestSupport

/// The finding catalog: every code once, well formed, described, and the committed reference current.
@Suite struct FindingCatalogTests {
    @Test func committedReferenceIsTheGeneratedOne() throws {
        let path = Fixtures.packageRoot + "/docs/findings.md"
        let committed = try String(contentsOfFile: path, encoding: .utf8)
        let generated = FindingsReference.markdown
        let committedLines = committed.split(separator: "\n", omittingEmptySubsequences: false)
        let generatedLines = generated.split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(committedLines, generatedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(committedLines.count, generatedLines.count)
        #expect(committed == generated,
                "docs/findings.md differs from what the finding codes generate (first at line \(line + 1)); regenerate it: \(FindingsReference.regenerate)")
    }

    @Test func everyCodeIsUniqueAndWellFormed() {
        let codes = FindingCatalog.rules.map(\.code)
        #expect(Set(codes).count == codes.count, "codes declared twice: \(codes.filter { c in codes.filter { $0 == c }.count > 1 })")
        for code in codes {
            #expect(code.wholeMatch(of: /[A-Z]+[0-9]{3}/) != nil, "\(code) is not LETTERS + three digits")
        }
    }

    @Test func everyCodeIsDescribed() {
        for rule in FindingCatalog.rules {
            #expect(!rule.title.isEmpty && !rule.title.hasSuffix(".") && !rule.title.contains("\n"), "\(rule.code)'s title")
            #expect(rule.help.hasSuffix(".") && !rule.help.contains("\n"), "\(rule.code)'s help")
            #expect(FindingCatalog.rule(rule.code) == rule)
        }
        #expect(FindingCatalog.rule("PT999") == nil)
    }

    @Test func groupsKeepOnePrefixEach() {
        // A module's codes share their letters (the inspector's three families aside), so a prefix names a module.
        for group in FindingCatalog.groups where group.name != "Inspection, checkpoint folders and folder scans" {
            let prefixes = Set(group.rules.map { String($0.code.prefix { $0.isLetter }) })
            #expect(prefixes.count == 1, "\(group.name): \(prefixes)")
        }
    }
}
