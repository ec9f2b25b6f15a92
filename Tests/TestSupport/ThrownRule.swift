import ModelArtifact

/// The rule of the `ArtifactError` that `body` throws, or nil when it succeeds; any other error
/// comes back as `"unexpected: …"`, which no rule name equals, so the test comparing it fails.
public func thrownRule(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as ArtifactError {
        return error.rule
    } catch {
        return "unexpected: \(error)"
    }
}
