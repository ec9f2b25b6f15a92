import ModelArtifact
import TestSupport
import Testing
@testable import PTReader

/// Every opcode of protocols 0 to 5, run on hand-assembled pickles.
@Suite struct PickleMachineTests {
    func root(_ p: PickleBytes) throws -> (PickleGraph, PickleValue) {
        let (machine, run) = runPickle(p.bytes)
        if let error = run.error { Issue.record("\(error)") }
        return (machine.graph, try #require(run.root))
    }

    @Test func integersOfEveryWidth() throws {
        for (build, want) in [
            ({ (p: inout PickleBytes) in p.line(.int, "01") }, PickleValue.bool(true)),
            ({ (p: inout PickleBytes) in p.line(.int, "00") }, .bool(false)),
            ({ (p: inout PickleBytes) in p.line(.int, "-42") }, .int(-42)),
            ({ (p: inout PickleBytes) in p.line(.long, "123L") }, .int(123)),
            ({ (p: inout PickleBytes) in p.line(.long, "99999999999999999999999L") }, .bigInt(bytes: 10)),
            ({ (p: inout PickleBytes) in p.op(.binInt, [0xfe, 0xff, 0xff, 0xff]) }, .int(-2)),
            ({ (p: inout PickleBytes) in p.op(.binInt1, [200]) }, .int(200)),
            ({ (p: inout PickleBytes) in p.op(.binInt2, [0x34, 0x12]) }, .int(0x1234)),
            ({ (p: inout PickleBytes) in p.op(.long1, [2, 0xff, 0x7f]) }, .int(0x7fff)),
            ({ (p: inout PickleBytes) in p.op(.long1, [1, 0xff]) }, .int(-1)),
            ({ (p: inout PickleBytes) in p.op(.long1, [0]) }, .int(0)),
            ({ (p: inout PickleBytes) in p.op(.long4, [3, 0, 0, 0, 1, 2, 3]) }, .int(0x030201)),
            ({ (p: inout PickleBytes) in p.op(.long1, [10] + [UInt8](repeating: 1, count: 10)) }, .bigInt(bytes: 10)),
            ({ (p: inout PickleBytes) in p.op(.long1, [9] + [UInt8](repeating: 0xff, count: 9)) }, .int(-1)),
        ] {
            var p = PickleBytes(proto: 2)
            build(&p)
            p.stop()
            #expect(try root(p).1 == want)
        }
    }

    @Test func floatsAndConstants() throws {
        var p = PickleBytes()
        p.op(.mark)
        p.line(.float, "1.5")
        p.op(.binFloat, [0x40, 0x09, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18])
        p.op(.none); p.op(.newTrue); p.op(.newFalse)
        p.op(.tuple); p.stop()
        let (graph, value) = try root(p)
        let items = try #require(graph.elements(value))
        #expect(items == [.float(1.5), .float(3.141592653589793), .none, .bool(true), .bool(false)])
    }

    @Test func stringsInEveryEncoding() throws {
        var p = PickleBytes()
        p.op(.mark)
        p.line(.string, #"'a\n\x41\'b\101'"#)
        p.line(.unicode, #"caf\u00e9 \U0001F600"#)
        p.text("ünï")
        p.op(.shortBinUnicode, [2] + Array("hi".utf8))
        p.op(.binUnicode8, [3, 0, 0, 0, 0, 0, 0, 0] + Array("abc".utf8))
        p.op(.shortBinString, [3, 0x61, 0xe9, 0x62])
        p.op(.binString, [2, 0, 0, 0] + Array("ok".utf8))
        p.op(.tuple); p.stop()
        let (graph, value) = try root(p)
        let texts = try #require(graph.elements(value)).map { graph.string($0) }
        #expect(texts == ["a\nA'bA", "café 😀", "ünï", "hi", "abc", "a\u{e9}b", "ok"])
    }

    @Test func bytesAndBuffers() throws {
        var p = PickleBytes(proto: 5)
        p.op(.mark)
        p.op(.shortBinBytes, [2, 1, 2])
        p.op(.binBytes, [1, 0, 0, 0, 9])
        p.op(.binBytes8, [1, 0, 0, 0, 0, 0, 0, 0, 7])
        p.op(.byteArray8, [1, 0, 0, 0, 0, 0, 0, 0, 8])
        p.op(.readonlyBuffer)
        p.op(.tuple); p.stop()
        let (graph, value) = try root(p)
        #expect(graph.elements(value)?.count == 4)
    }

    @Test func containersAndMemo() throws {
        var p = PickleBytes(proto: 4)
        p.op(.frame, [UInt8](repeating: 0, count: 8))
        p.op(.emptyDict); p.op(.memoize)                      // memo 0: the dict
        p.op(.mark)
        p.text("list"); p.op(.emptyList); p.put(1)
        p.int(1); p.op(.append)
        p.op(.mark); p.int(2); p.int(3); p.op(.appends)
        p.text("set"); p.op(.emptySet); p.op(.mark); p.int(4); p.op(.addItems)
        p.text("frozen"); p.op(.mark); p.int(5); p.op(.frozenSet)
        p.text("tuples"); p.op(.emptyTuple); p.int(1); p.op(.tuple1); p.int(1); p.int(2); p.op(.tuple2); p.op(.tuple3)
        p.op(.setItems)
        p.text("again"); p.get(1); p.op(.setItem)
        p.text("dict"); p.op(.mark); p.text("k"); p.int(9); p.op(.dict); p.op(.setItem)
        p.op(.mark); p.text("x"); p.op(.list); p.op(.pop)
        p.op(.dup); p.op(.pop)
        p.stop()
        let (graph, value) = try root(p)
        guard case .dict(let d) = value else { Issue.record("not a dict: \(value)"); return }
        #expect(graph.dicts[d].map { graph.string($0.key) ?? "?" } == ["list", "set", "frozen", "tuples", "again", "dict"])
        let list = graph.dicts[d][0].value
        #expect(graph.elements(list) == [.int(1), .int(2), .int(3)])
        #expect(graph.dicts[d][4].value == list)
        #expect(graph.elements(graph.dicts[d][1].value) == [.int(4)])
        #expect(graph.elements(graph.dicts[d][3].value)?.count == 3)
    }

    @Test func textMemoAndLongMemo() throws {
        var p = PickleBytes()
        p.op(.mark)
        p.text("a"); p.line(.put, "7"); p.op(.pop)
        p.text("b"); p.op(.longBinPut, [0, 1, 0, 0]); p.op(.pop)
        p.line(.get, "7"); p.op(.longBinGet, [0, 1, 0, 0])
        p.op(.list); p.stop()
        let (graph, value) = try root(p)
        #expect(graph.elements(value)?.compactMap { graph.string($0) } == ["a", "b"])
    }

    @Test func popWithNothingPushedPopsTheMark() throws {
        var p = PickleBytes()
        p.int(1); p.op(.mark); p.op(.pop); p.stop()
        #expect(try root(p).1 == .int(1))
        var q = PickleBytes()
        q.int(1); q.op(.mark); q.int(2); q.int(3); q.op(.popMark); q.stop()
        #expect(try root(q).1 == .int(1))
    }

    @Test func globalsAndCallsAreInertRecords() throws {
        var p = PickleBytes(proto: 4)
        p.global("os", "system")                                  // GLOBAL
        p.text("echo hi"); p.op(.tuple1); p.op(.reduce)            // REDUCE
        p.text("builtins"); p.op(.memoize); p.op(.pop); p.text("eval"); p.op(.memoize); p.op(.pop)
        p.get(0); p.get(1); p.op(.stackGlobal); p.op(.pop)         // STACK_GLOBAL from the memo
        p.op(.mark); p.text("arg"); p.op(.inst, Array("mod\nCls\n".utf8)); p.op(.pop)   // INST
        p.op(.mark); p.global("m2", "C2"); p.int(1); p.op(.obj); p.op(.pop)          // OBJ
        p.global("m3", "C3"); p.op(.emptyTuple); p.op(.newObj)                        // NEWOBJ
        p.op(.emptyDict); p.text("a"); p.int(1); p.op(.setItem); p.op(.build)         // BUILD
        p.op(.pop)
        p.global("m4", "C4"); p.op(.emptyTuple); p.op(.emptyDict); p.op(.newObjEx); p.op(.pop)
        p.stop()
        let (graph, value) = try root(p)
        #expect(graph.globals.map(\.qualified) == ["os.system", "builtins.eval", "mod.Cls", "m2.C2", "m3.C3", "m4.C4"])
        #expect(graph.globals.map(\.offset)[0] == 2)
        #expect(graph.calledGlobals == [0, 2, 3, 4, 5])
        guard case .object(let o) = value else { Issue.record("not an object"); return }
        #expect(graph.globalName(graph.objects[o].callee) == "os.system")
        #expect(graph.objects.count == 5)
        #expect(graph.objects[3].states.count == 1)
    }

    @Test func persistentIDs() throws {
        var p = PickleBytes()
        p.op(.mark)
        p.line(.persId, "abc")
        p.op(.mark); p.text("storage"); p.op(.tuple); p.op(.binPersId)
        p.op(.tuple); p.stop()
        let (graph, _) = try root(p)
        #expect(graph.persistent.count == 2)
        #expect(graph.string(graph.persistent[0].id) == "abc")
    }

    @Test func stopTakesTheTopAndLeavesTheRest() throws {
        var p = PickleBytes(proto: 2)
        p.int(1); p.int(2); p.stop()
        #expect(try root(p).1 == .int(2))
    }
}

/// The memo keeps dense and scattered indices apart and counts entries as Python does.
@Suite struct PickleMemoTests {
    @Test func denseScatteredAndRewritten() {
        var memo = PickleMemo()
        let stored = [memo.store(.int(0), at: 0, denseLimit: 100), memo.store(.int(5), at: 5, denseLimit: 100),
                      memo.store(.int(6), at: 5, denseLimit: 100), memo.store(.int(9), at: 1_000_000, denseLimit: 100),
                      memo.store(.int(7), at: 7, denseLimit: 100)]
        #expect(stored == [true, true, false, true, true])
        #expect(memo[0] == .int(0) && memo[5] == .int(6) && memo[1_000_000] == .int(9) && memo[7] == .int(7))
        #expect(memo[3] == nil && memo[8] == nil)
        #expect(memo.count == 4)
        memo.removeAll()
        #expect(memo.count == 0 && memo[0] == nil)
    }
}
