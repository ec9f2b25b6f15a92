import Testing
@testable import UploadServer

@Suite("Sizes, durations and byte ranges as written")
struct ServerValuesTests {
    @Test("sizes: plain bytes, decimal and binary units")
    func sizes() {
        #expect(ByteSize("1024")?.bytes == 1024)
        #expect(ByteSize("500MB")?.bytes == 500_000_000)
        #expect(ByteSize("20GiB")?.bytes == 20 << 30)
        #expect(ByteSize("64kib")?.bytes == 65536)
        #expect(ByteSize("3 k")?.bytes == 3000)
        for bad in ["", "MB", "5XB", "-1MB", "1.5GB", "99999999999TiB"] { #expect(ByteSize(bad) == nil, "\(bad)") }
        #expect(ServerConfiguration.defaultMaxUploadSize.description == "50GiB")
    }

    @Test("token lifetimes")
    func spans() {
        #expect(TimeSpan("1h")?.seconds == 3600)
        #expect(TimeSpan("90s")?.seconds == 90)
        #expect(TimeSpan("7d")?.seconds == 604_800)
        #expect(TimeSpan("0h") == nil)
        #expect(TimeSpan("1w") == nil)
    }

    @Test("single byte ranges, suffixes, and what is ignored or unsatisfiable")
    func ranges() {
        #expect(ByteRange(header: nil, size: 10) == .whole)
        #expect(ByteRange(header: "bytes=0-3", size: 10) == .part(0...3))
        #expect(ByteRange(header: "bytes=5-", size: 10) == .part(5...9))
        #expect(ByteRange(header: "bytes=-3", size: 10) == .part(7...9))
        #expect(ByteRange(header: "bytes=-30", size: 10) == .part(0...9))
        #expect(ByteRange(header: "bytes=8-100", size: 10) == .part(8...9))
        #expect(ByteRange(header: "bytes=10-", size: 10) == .unsatisfiable)
        #expect(ByteRange(header: "bytes=0-1,3-4", size: 10) == .whole)
        #expect(ByteRange(header: "bytes=4-2", size: 10) == .whole)
        #expect(ByteRange(header: "items=0-1", size: 10) == .whole)
    }
}
