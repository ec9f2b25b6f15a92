import Testing
@testable import UploadServer

@Suite struct RFC3339TimestampTests {
    @Test func formatsKnownInstants() {
        #expect(RFC3339Timestamp.format(milliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(RFC3339Timestamp.format(milliseconds: 1_796_619_600_123) == "2026-12-07T05:00:00.123Z")
        #expect(RFC3339Timestamp.format(milliseconds: 1_709_251_199_999) == "2024-02-29T23:59:59.999Z")
        #expect(RFC3339Timestamp.format(milliseconds: 951_868_800_000) == "2000-03-01T00:00:00.000Z")
        #expect(RFC3339Timestamp.format(milliseconds: 253_402_300_799_999) == "9999-12-31T23:59:59.999Z")
        #expect(RFC3339Timestamp.format(milliseconds: -1) == "1969-12-31T23:59:59.999Z")
    }

    @Test func nowIsFixedWidthUTC() {
        let now = RFC3339Timestamp.now()
        #expect(now.count == 24)
        #expect(now.hasSuffix("Z"))
        #expect(now >= "2025-01-01T00:00:00.000Z")
        let shape = now.map { $0.isNumber ? "9" : String($0) }.joined()
        #expect(shape == "9999-99-99T99:99:99.999Z")
    }
}
