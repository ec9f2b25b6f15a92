import Foundation

/// The S3 test server `scripts/with-s3-test-server.sh` starts (moto with signatures checked, the
/// fixtures uploaded, `sparse/` served from a folder), from the variables it exports; nil when it is
/// not running. `.ci/run` starts it and sets REQUIRE_S3=1, so that there a missing server fails
/// instead of skipping.
public struct S3TestEnvironment: Sendable {
    public let endpoint: String
    public let bucket: String
    public let keyID: String
    public let secret: String
    /// The local copy of `s3://BUCKET/checksums/multipart.bin` (3 parts of 5 MiB, SHA-256 checksums).
    public let multipartFile: String?
    /// Files written below this folder are the objects `s3://BUCKET/sparse/…`.
    public let sparseFolder: String?

    public static let current: S3TestEnvironment? = {
        let environment = ProcessInfo.processInfo.environment
        guard let endpoint = environment["SYNAP_TEST_S3_ENDPOINT"], let bucket = environment["SYNAP_TEST_S3_BUCKET"],
              let keyID = environment["SYNAP_TEST_S3_ACCESS_KEY_ID"], let secret = environment["SYNAP_TEST_S3_SECRET_ACCESS_KEY"]
        else { return nil }
        return S3TestEnvironment(endpoint: endpoint, bucket: bucket, keyID: keyID, secret: secret,
                                 multipartFile: environment["SYNAP_TEST_S3_MULTIPART_FILE"],
                                 sparseFolder: environment["SYNAP_TEST_S3_SPARSE_DIR"])
    }()

    /// True when the tests must find the server (REQUIRE_S3=1).
    public static var required: Bool { ProcessInfo.processInfo.environment["REQUIRE_S3"] == "1" }

    /// The variables a `synap-tool` process needs to reach it (credentials and the endpoint).
    public var toolEnvironment: [String: String] {
        ["AWS_ACCESS_KEY_ID": keyID, "AWS_SECRET_ACCESS_KEY": secret, "AWS_ENDPOINT_URL_S3": endpoint,
         "AWS_REGION": "us-east-1", "HOME": "/nonexistent"]
    }

    /// `s3://BUCKET/key`.
    public func url(_ key: String) -> String { "s3://\(bucket)/\(key)" }
}
