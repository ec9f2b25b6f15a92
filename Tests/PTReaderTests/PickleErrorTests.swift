import ModelArtifact
import TestSupport
import Testing
@testable import PTReader

/// Every rule the machine throws, and every cap, proven by a pickle that breaks it.
@Suite struct PickleErrorTests {
    func bytes(_ build: (inout PickleBytes) -> Void, proto: UInt8? = 2) -> [UInt8] {
        var p = PickleBytes(proto: proto)
        build(&p)
        return p.bytes
    }

    @Test func malformedPicklesNameTheirRule() {
        let cases: [(String, [UInt8])] = [
            ("pickle-stack-underflow", bytes { $0.op(.pop) }),
            ("pickle-stack-underflow", bytes { $0.stop() }),
            ("pickle-stack-underflow", bytes { $0.int(1); $0.op(.tuple2) }),
            ("pickle-stack-underflow", bytes { $0.op(.mark); $0.op(.obj) }),
            ("pickle-no-mark", bytes { $0.op(.tuple) }),
            ("pickle-memo-missing", bytes { $0.get(3) }),
            ("pickle-bad-protocol", [0x80, 6]),
            ("pickle-truncated", bytes { $0.op(.binUnicode, [0xff, 0xff, 0, 0]) }),
            ("pickle-truncated", bytes { $0.op(.frame, [0xff, 0, 0, 0, 0, 0, 0, 0]) }),
            ("pickle-truncated", bytes { $0.bytes += [PickleOpcode.global.rawValue] + Array("os\nsys".utf8) }),
            ("truncated", bytes { $0.op(.binInt, [1]) }),
            ("truncated", bytes { $0.int(1) }),
            ("pickle-unknown-opcode", bytes { $0.bytes.append(0xff) }),
            ("pickle-negative-length", bytes { $0.op(.long4, [0xff, 0xff, 0xff, 0xff]) }),
            ("pickle-out-of-band-buffer", bytes { $0.op(.nextBuffer) }),
            ("pickle-bad-target", bytes { $0.int(1); $0.int(2); $0.op(.append) }),
            ("pickle-bad-target", bytes { $0.op(.emptyList); $0.int(1); $0.int(2); $0.op(.setItem) }),
            ("pickle-bad-target", bytes { $0.op(.emptyList); $0.op(.mark); $0.int(1); $0.op(.addItems) }),
            ("pickle-odd-items", bytes { $0.op(.mark); $0.int(1); $0.op(.dict) }),
            ("pickle-bad-string", bytes { $0.line(.string, "unquoted") }),
            ("pickle-bad-int", bytes { $0.line(.int, "12x") }),
            ("pickle-bad-float", bytes { $0.line(.float, "one") }),
            ("pickle-bad-memo-index", bytes { $0.int(1); $0.line(.put, "-1") }),
            ("pickle-bad-global", bytes { $0.op(.global, Array("mod\n".utf8) + [0xf8, 0x0a]) }),
            ("pickle-truncated", bytes { $0.op(.int, [UInt8](repeating: 0x31, count: 70_000)) }),
        ]
        for (rule, pickle) in cases {
            #expect(ruleOf(pickle) == rule, "expected \(rule) for \(pickle.prefix(16))")
        }
    }

    @Test func capsAreErrors() {
        let limits = PickleLimits(maxInstructions: 50, maxStack: 10, maxMemo: 5, maxMarks: 4, maxItems: 20, maxIntegerBytes: 16)
        #expect(ruleOf(bytes { for _ in 0..<30 { $0.op(.none); $0.op(.pop) } }, limits: limits) == "pickle-too-many-instructions")
        #expect(ruleOf(bytes { for _ in 0..<11 { $0.op(.none) } }, limits: limits) == "pickle-stack-too-deep")
        #expect(ruleOf(bytes { $0.op(.none); for i in 0..<6 { $0.put(i) } }, limits: limits) == "pickle-memo-too-large")
        #expect(ruleOf(bytes { for _ in 0..<5 { $0.op(.mark) } }, limits: limits) == "pickle-marks-too-deep")
        #expect(ruleOf(bytes { $0.op(.emptyList); for _ in 0..<5 { $0.op(.mark); for _ in 0..<5 { $0.op(.none) }; $0.op(.appends) } },
                       limits: limits) == "pickle-too-many-items")
        #expect(ruleOf(bytes { $0.op(.long1, [17] + [UInt8](repeating: 1, count: 17)) }, limits: limits) == "pickle-int-too-large")
        // Rewriting one memo slot does not count twice.
        #expect(ruleOf(bytes { $0.op(.none); for _ in 0..<20 { $0.put(1) }; $0.stop() }, limits: limits) == nil)
    }

    @Test func aHugeLong4IsAnErrorNotAHang() {
        var p = PickleBytes(proto: 2)
        let count = 1 << 20
        p.op(.long4, p.le32(count) + [UInt8](repeating: 0x55, count: count))
        p.stop()
        #expect(ruleOf(p.bytes) == "pickle-int-too-large")
    }
}
