import ModelArtifact
import TestSupport
@testable import PTReader
import Testing

/// Globals a user allow-lists for a conversion (`PickleLimits.userAllowed`): accepted, except blocked modules.
@Suite struct UserAllowedTests {
    func pickle(_ module: String, _ name: String) -> [UInt8] {
        var p = PickleBytes(proto: 2)
        p.op(.emptyDict)
        p.op(.mark)
        p.text("x")
        p.global(module, name)
        p.op(.setItems)
        p.stop()
        return p.bytes
    }

    @Test func namedGlobalsAreAccepted() throws {
        #expect(try report(pickle("foo", "bar")).verdict == .unsafe)
        var limits = PickleLimits()
        limits.userAllowed = ["foo.bar"]
        #expect(try report(pickle("foo", "bar"), limits: limits).verdict == .safe)
        #expect(try report(pickle("foo", "baz"), limits: limits).verdict == .unsafe)
        limits.userAllowed = ["posix.system"]
        #expect(try report(pickle("posix", "system"), limits: limits).verdict == .unsafe)
    }
}
