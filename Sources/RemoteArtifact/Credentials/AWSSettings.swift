/// The S3 client's settings as the AWS CLI finds them: credentials from `AWS_ACCESS_KEY_ID`/
/// `AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN`, else from the shared credentials file (then the
/// config file) under `AWS_PROFILE`; the region from `AWS_REGION`/`AWS_DEFAULT_REGION`, else the
/// profile's; the endpoint from the command line, `AWS_ENDPOINT_URL_S3`/`AWS_ENDPOINT_URL`, else the
/// profile's `endpoint_url`.
public struct AWSSettings: Sendable, Equatable {
    /// The credentials, or nil when none were found (requests then cannot be signed).
    public var credentials: AWSCredentials?
    /// The region; `us-east-1` when nothing names one.
    public var region: String
    /// An endpoint to use instead of AWS's (`http://127.0.0.1:9000`), with path-style addressing.
    public var endpoint: String?
    /// The profile read.
    public var profile: String

    /// Settings as given.
    public init(credentials: AWSCredentials?, region: String, endpoint: String?, profile: String) {
        self.credentials = credentials
        self.region = region
        self.endpoint = endpoint
        self.profile = profile
    }

    /// The region used when nothing names one.
    public static let defaultRegion = "us-east-1"

    /// Resolves the settings from `environment`, the shared files (read through `readFile`, paths
    /// from `AWS_SHARED_CREDENTIALS_FILE`/`AWS_CONFIG_FILE` or `HOME/.aws/…`) and `endpointOverride`.
    public static func resolve(environment: [String: String], endpointOverride: String? = nil,
                               readFile: (String) -> String?) -> AWSSettings {
        func variable(_ name: String) -> String? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            return value
        }
        let profile = variable("AWS_PROFILE") ?? variable("AWS_DEFAULT_PROFILE") ?? "default"
        let home = variable("HOME").map { $0 + "/.aws/" }
        let credentialsPath = variable("AWS_SHARED_CREDENTIALS_FILE") ?? home.map { $0 + "credentials" }
        let configPath = variable("AWS_CONFIG_FILE") ?? home.map { $0 + "config" }
        let credentialsFile = credentialsPath.flatMap(readFile).map(AWSProfileFile.init(text:))
        let configFile = configPath.flatMap(readFile).map(AWSProfileFile.init(text:))
        let configSettings = configFile?.configProfile(profile) ?? [:]

        var credentials: AWSCredentials?
        if let key = variable("AWS_ACCESS_KEY_ID"), let secret = variable("AWS_SECRET_ACCESS_KEY") {
            credentials = AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: variable("AWS_SESSION_TOKEN"),
                                         source: "environment (AWS_ACCESS_KEY_ID)")
        } else {
            for (settings, path) in [(credentialsFile?.credentialsProfile(profile), credentialsPath), (configSettings, configPath)] {
                if let settings, let key = settings["aws_access_key_id"], let secret = settings["aws_secret_access_key"],
                   !key.isEmpty, !secret.isEmpty {
                    credentials = AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: settings["aws_session_token"],
                                                 source: "\(path ?? "?") [\(profile)]")
                    break
                }
            }
        }
        let region = variable("AWS_REGION") ?? variable("AWS_DEFAULT_REGION") ?? configSettings["region"] ?? defaultRegion
        let endpoint = endpointOverride ?? variable("AWS_ENDPOINT_URL_S3") ?? variable("AWS_ENDPOINT_URL")
            ?? configSettings["s3.endpoint_url"] ?? configSettings["endpoint_url"]
        return AWSSettings(credentials: credentials, region: region, endpoint: endpoint, profile: profile)
    }
}
