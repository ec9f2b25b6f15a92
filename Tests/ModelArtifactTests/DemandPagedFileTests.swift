import Dispatch
import Testing
import TestSupport
@testable import ModelArtifact

/// Bytes whose every position says where it is (so a page installed at the wrong place shows).
private func patterned(_ count: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
}

private let small = DemandPaging(pageSize: 4096, firstPages: 2, maxRequest: 16384, maxFetched: 1 << 20)

@Suite struct PageTableTests {
    @Test func firstFaultAtTheStartFetchesTheFirstPages() {
        var table = PageTable(size: 100_000, policy: small)
        #expect(table.fault(at: 10) == .fetch(0..<8192))
        #expect(table.fault(at: 5000) == .wait)
        table.settle(0..<8192)
        #expect(table.fault(at: 5000) == .wake(4096..<8192))
    }

    @Test func sequentialFaultsDoubleTheWindowUpToTheMostOneRequestTakes() {
        var table = PageTable(size: 1_000_000, policy: small)
        #expect(table.fault(at: 0) == .fetch(0..<8192))
        table.settle(0..<8192)
        #expect(table.fault(at: 8192) == .fetch(8192..<24576))      // window 4 pages
        table.settle(8192..<24576)
        #expect(table.fault(at: 24576) == .fetch(24576..<40960))    // capped at 16 KiB
    }

    @Test func aFaultElsewhereFetchesOnePageAndTheLastPageIsShort() {
        var table = PageTable(size: 10_000, policy: small)
        #expect(table.fault(at: 9_999) == .fetch(8192..<10_000))
        var other = PageTable(size: 1_000_000, policy: small)
        #expect(other.fault(at: 500_000) == .fetch(499_712..<503_808))
    }

    @Test func aPrefetchAsksEachMissingRunOnceAndNothingTwice() {
        var table = PageTable(size: 100_000, policy: small)
        table.settle(8192..<12288)
        #expect(table.prefetch(0..<30_000) == [0..<8192, 12288..<28672, 28672..<32768])
        #expect(table.prefetch(0..<30_000) == [])
        #expect(table.prefetch(200_000..<300_000) == [])
    }
}

@Suite struct DemandPagedFileTests {
    @Test func everyByteReadIsTheObjectsAndOnlyTouchedPagesAreFetched() throws {
        let bytes = patterned(1_000_003)
        let supplier = MemoryPageSupplier(bytes)
        let file = try supplier.file(paging: small)
        #expect(file.bytes[0] == bytes[0])
        #expect(file.bytes[999_999] == bytes[999_999])
        #expect(file.bytes[1_000_002] == bytes[1_000_002])
        #expect(Array(file.bytes[500_000..<520_000]) == Array(bytes[500_000..<520_000]))
        #expect(file.pageFailure == nil)
        let asked = supplier.requests
        #expect(asked.first == 0..<8192)
        #expect(asked.reduce(0) { $0 + $1.count } < 60_000)
        #expect(file.pagesFetched?.requests == asked.count)
    }

    @Test func aWholeSequentialReadEqualsTheObjectInFewRequests() throws {
        let bytes = patterned(300_001)
        let supplier = MemoryPageSupplier(bytes)
        let file = try supplier.file(paging: small)
        #expect(Array(file.bytes) == bytes)
        #expect(supplier.requests.count <= 300_001 / 16384 + 4)
        #expect(file.pagesFetched?.bytes == bytes.count)
    }

    @Test func threadsReadingAtOnceSeeTheSameBytes() throws {
        let bytes = patterned(2_000_000)
        let supplier = MemoryPageSupplier(bytes)
        let file = try supplier.file(paging: DemandPaging(pageSize: 4096, firstPages: 2, maxRequest: 16384, maxFetched: 1 << 30))
        DispatchQueue.concurrentPerform(iterations: 8) { lane in
            var sum = 0
            for offset in stride(from: lane * 997, to: bytes.count, by: 8 * 4096) { sum &+= Int(file.bytes[offset]) }
            var expected = 0
            for offset in stride(from: lane * 997, to: bytes.count, by: 8 * 4096) { expected &+= Int(bytes[offset]) }
            #expect(sum == expected)
        }
        #expect(file.pageFailure == nil)
    }

    @Test func aHintFetchesItsRangeInOneRequest() throws {
        let bytes = patterned(200_000)
        let supplier = MemoryPageSupplier(bytes)
        let file = try supplier.file(paging: DemandPaging(pageSize: 4096, firstPages: 1, maxRequest: 1 << 20, maxFetched: 1 << 20))
        file.advise(.willNeed, range: 100..<150_000)
        #expect(Array(file.bytes[100..<150_000]) == Array(bytes[100..<150_000]))
        #expect(supplier.requests == [0..<151_552])
        file.advise(.dontNeed)  // kept: reading again fetches nothing
        #expect(Array(file.bytes[100..<150_000]) == Array(bytes[100..<150_000]))
        #expect(supplier.requests.count == 1)
    }

    @Test func aFailedFetchReadsAsZerosAndFailsTheFile() throws {
        let bytes = patterned(100_000)
        let supplier = MemoryPageSupplier(bytes, failing: 50_000..<50_001)
        let file = try supplier.file(paging: small)
        #expect(file.bytes[10] == bytes[10])
        #expect(file.pageFailure == nil)
        #expect(file.bytes[50_000] == 0)
        #expect(file.pageFailure?.rule == "remote-test-failure")
        #expect(file.bytes[90_000] == bytes[90_000])  // the rest still reads
    }

    @Test func theFetchCapFailsTheFileInsteadOfFetchingMore() throws {
        let bytes = patterned(100_000)
        let supplier = MemoryPageSupplier(bytes)
        let file = try supplier.file(paging: DemandPaging(pageSize: 4096, firstPages: 1, maxRequest: 4096, maxFetched: 8192))
        _ = file.bytes[0]
        _ = file.bytes[20_000]
        #expect(file.pageFailure == nil)
        #expect(file.bytes[40_000] == 0)
        #expect(file.pageFailure?.rule == "remote-read-cap")
        #expect(supplier.requests.count == 2)
    }

    @Test func aPageSizeThatIsNoMultipleOfTheSystemsIsRefused() {
        #expect(throws: ArtifactError.self) {
            try MemoryPageSupplier([1, 2, 3]).file(paging: DemandPaging(pageSize: 1000, firstPages: 1, maxRequest: 4096, maxFetched: 4096))
        }
        #expect(throws: ArtifactError.self) { try MemoryPageSupplier([]).file() }
    }

    @Test func manyFilesOpenAndCloseWithoutLeaking() throws {
        let bytes = patterned(10_000)
        for _ in 0..<200 {
            let file = try MemoryPageSupplier(bytes).file(paging: small)
            #expect(file.bytes[9_999] == bytes[9_999])
        }
    }
}
