import ModelArtifact
import TestSupport
import Testing
@testable import PTReader

/// Pickle bombs: each one is an error or a quick report, never a hang, a crash or a huge allocation.
@Suite struct PickleBombTests {
    /// 2^n elements reachable through n shared levels: `l = [l0, l0]` n times via DUP.
    @Test func exponentialSharingStaysLinear() throws {
        var p = PickleBytes(proto: 2)
        p.op(.emptyList)
        for _ in 0..<200 {
            // [x, x] from the x on the stack.
            p.op(.dup); p.put(0); p.op(.pop)
            p.op(.emptyList); p.get(0); p.op(.append); p.get(0); p.op(.append)
            p.op(.tuple1); p.op(.pop)
            p.op(.emptyList); p.get(0); p.op(.append); p.get(0); p.op(.append)
        }
        p.stop()
        let report = try report(p.bytes)
        #expect(report.verdict == .safe)
    }

    /// Twenty thousand lists nested in each other: naming stops at the depth cap with an error, and
    /// releasing the graph does not recurse.
    @Test func deepNestingIsAnError() throws {
        var p = PickleBytes(proto: 2)
        p.op(.emptyList); p.put(0)
        for _ in 0..<20_000 {
            p.op(.emptyList); p.put(1); p.op(.pop)
            p.get(0); p.get(1); p.op(.append); p.op(.pop)
            p.get(1); p.put(0); p.op(.pop)
        }
        p.stop()
        #expect(throws: ArtifactError.self) { try report(p.bytes) }
        do {
            _ = try report(p.bytes)
        } catch let error as ArtifactError {
            #expect(error.rule == "pickle-too-deep")
        }
    }

    /// A list that contains itself, and a dict that holds itself: walked once.
    @Test func cyclesEnd() throws {
        var p = PickleBytes(proto: 2)
        p.op(.emptyList); p.put(0); p.get(0); p.op(.append)
        p.op(.emptyDict); p.put(1); p.text("self"); p.get(1); p.op(.setItem); p.op(.append)
        p.stop()
        #expect(try report(p.bytes).verdict == .safe)
    }

    /// Memo entries by the million are capped.
    @Test func memoBlowUpIsCapped() {
        var p = PickleBytes(proto: 2)
        p.op(.none)
        for i in 0..<5000 { p.op(.longBinPut, p.le32(i)) }
        p.stop()
        #expect(ruleOf(p.bytes, limits: PickleLimits(maxMemo: 1000)) == "pickle-memo-too-large")
        #expect(ruleOf(p.bytes) == nil)
    }

    /// A bomb wrapped in a torch.save archive fails the same way.
    @Test func marksBombInsideAnyStream() {
        var p = PickleBytes(proto: 2)
        for _ in 0..<70_000 { p.op(.mark) }
        #expect(ruleOf(p.bytes) == "pickle-marks-too-deep")
    }
}
