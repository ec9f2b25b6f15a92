import Testing
@testable import RemoteArtifact

/// The RemoteError `work` throws; records an issue when it throws nothing or something else.
func remoteError(_ work: () async throws -> Void) async -> RemoteError? {
    do {
        try await work()
        Issue.record("no error")
    } catch let error as RemoteError {
        return error
    } catch {
        Issue.record("not a RemoteError: \(error)")
    }
    return nil
}
