import ModelArtifact
import Testing

/// `CappedFindings`: typed codes give their severity, a code over its cap is marked or counted once,
/// and texts past the cap are never made.
@Suite struct CappedFindingsTests {
    enum Code: String, FindingCode {
        case loud = "TEST001"
        case quiet = "TEST002"

        var meaning: FindingMeaning {
            switch self {
            case .loud: return .init(.error, "Loud", "A loud one.")
            case .quiet: return .init(.info, "Quiet", "A quiet one.")
            }
        }
    }

    @Test func severityComesFromTheCode() {
        var list = CappedFindings<Code>()
        list.add(.loud, "a", location: "f@0x1")
        list.add(.quiet, "b", in: "f", at: 16)
        #expect(list.all == [Finding(.error, "TEST001", "a", location: "f@0x1"), Finding(.info, "TEST002", "b", location: "f@0x10")])
        #expect(Finding(Code.quiet, "c") == Finding(.info, "TEST002", "c"))
    }

    @Test func markedOverflowIsOneFindingInPlace() {
        var list = CappedFindings<Code>(cap: 2)
        var made = 0
        for _ in 0..<5 {
            list.add(.loud, { made += 1; return "m" }(), location: nil)
        }
        list.add(.quiet, "q", location: nil)
        #expect(list.all.map(\.message) == ["m", "m", "further TEST001 findings left out", "q"])
        #expect(made == 2)
    }

    @Test func countedOverflowIsTalliedAtTheEndInCodeOrder() {
        var list = CappedFindings<Code>(cap: 1, overflow: .counted(location: "f"))
        for _ in 0..<3 { list.add(.quiet, "q", location: nil) }
        for _ in 0..<2 { list.add(.loud, "l", location: nil) }
        #expect(list.all == [Finding(.info, "TEST002", "q"), Finding(.error, "TEST001", "l"),
                             Finding(.error, "TEST001", "1 more TEST001 findings not listed", location: "f"),
                             Finding(.info, "TEST002", "2 more TEST002 findings not listed", location: "f")])
    }

    @Test func mergedFindingsKeepTheirCodeAndAreCapped() {
        var list = CappedFindings<Code>(cap: 1)
        list.merge([Finding(.warning, "OTHER001", "x", location: "a"), Finding(.warning, "OTHER001", "y")])
        #expect(list.all == [Finding(.warning, "OTHER001", "x", location: "a"),
                             Finding(.warning, "OTHER001", "further OTHER001 findings left out")])
    }
}
