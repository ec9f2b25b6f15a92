import Testing
import ModelArtifact
import TestSupport
import ZipContainer

/// Expects `body` to throw an `ArtifactError` with rule `rule`; returns it.
@discardableResult
func expectZipRule(_ rule: String, sourceLocation: SourceLocation = #_sourceLocation,
                _ body: () throws -> Void) -> ArtifactError? {
    do {
        try body()
        Issue.record("expected rule \(rule), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as ArtifactError {
        #expect(error.rule == rule, "\(error)", sourceLocation: sourceLocation)
        #expect(error.offset != nil, "\(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected ArtifactError \(rule), got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// The codes of the findings, in order.
func zipCodes(_ archive: ZipArchive) -> [String] { archive.findings.map(\.code) }
