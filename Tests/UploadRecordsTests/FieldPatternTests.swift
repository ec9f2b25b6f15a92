import Testing
import UploadRecords

/// The seeds' patterns accept exactly what a full-match regex of the published pattern accepts.
@Suite struct FieldPatternTests {
    @Test func weightURI() {
        let p = FieldPattern.weightURI
        for good in ["s3://my-bucket/model-weights", "s3://b", "s3://a.b-c_d/e~f/", "s3://UPPER/09"] {
            #expect(p.matches(good), "\(good)")
        }
        for bad in ["s3://", "S3://bucket", "http://bucket/x", "s3:/bucket", "s3://bucket/with space", "s3://bucket/é",
                    "s3://bucket/x\n", " s3://bucket", "s3://bucket?x=1", "s3://bucket/%20", ""] {
            #expect(!p.matches(bad), "\(bad)")
        }
        #expect(p.pattern == #"^s3://[a-zA-Z0-9.\-_/~]+$"#)
    }

    @Test func versionAlias() {
        let p = FieldPattern.versionAlias
        let longest = "a" + String(repeating: "B", count: 126) + "9"
        for good in ["production", "v1-stable", "ab", "a9", "aX-Y-z", longest] {
            #expect(p.matches(good), "\(good)")
        }
        for bad in ["a", "Production", "1st", "stable-", "v1_stable", "-v1", "v1.2", longest + "x", "ab\n", "", "ä1"] {
            #expect(!p.matches(bad), "\(bad)")
        }
        #expect(longest.count == 128)
    }

    @Test func fingerprintSuffix() {
        let p = FieldPattern.fingerprintSuffix
        for good in ["my-custom-suffix", "super-cool-version", "-", "A", String(repeating: "x", count: 64)] {
            #expect(p.matches(good), "\(good)")
        }
        for bad in ["", String(repeating: "x", count: 65), "under_score", "dot.ted", "sp ace", "x\n"] {
            #expect(!p.matches(bad), "\(bad)")
        }
    }
}
