import Testing
@testable import RemoteArtifact

@Suite("AWS settings: the credential chain, the region, the endpoint; s3:// locations")
struct AWSSettingsTests {
    private let credentialsFile = """
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = secretdefault

        # a comment
        [ci]
        aws_access_key_id=AKIDCI
        aws_secret_access_key=secretci
        aws_session_token = tokenci
        """
    private let configFile = """
        [default]
        region = eu-west-1
        [profile ci]
        region = us-west-2
        s3 =
          endpoint_url = http://127.0.0.1:9000
        [profile keys-in-config]
        aws_access_key_id = AKIDCONFIG
        aws_secret_access_key = secretconfig
        """

    private func files(_ path: String) -> String? {
        switch path {
        case "/home/u/.aws/credentials": credentialsFile
        case "/home/u/.aws/config": configFile
        default: nil
        }
    }

    @Test("the environment's keys win over the files; the region from AWS_REGION, then AWS_DEFAULT_REGION, then the profile")
    func environmentFirst() {
        let settings = AWSSettings.resolve(environment: ["HOME": "/home/u", "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "s",
                                                         "AWS_SESSION_TOKEN": "t", "AWS_DEFAULT_REGION": "ap-south-1"], readFile: files)
        #expect(settings.credentials == AWSCredentials(accessKeyID: "AKIDENV", secretAccessKey: "s", sessionToken: "t",
                                                       source: "environment (AWS_ACCESS_KEY_ID)"))
        #expect(settings.region == "ap-south-1")
        #expect(AWSSettings.resolve(environment: ["HOME": "/home/u", "AWS_REGION": "us-east-2", "AWS_DEFAULT_REGION": "x"],
                                    readFile: files).region == "us-east-2")
    }

    @Test("the credentials file under AWS_PROFILE, its region and nested s3 endpoint from the config file")
    func profiles() {
        let fallback = AWSSettings.resolve(environment: ["HOME": "/home/u"], readFile: files)
        #expect(fallback.credentials?.accessKeyID == "AKIDDEFAULT" && fallback.region == "eu-west-1" && fallback.endpoint == nil)
        let ci = AWSSettings.resolve(environment: ["HOME": "/home/u", "AWS_PROFILE": "ci"], readFile: files)
        #expect(ci.credentials == AWSCredentials(accessKeyID: "AKIDCI", secretAccessKey: "secretci", sessionToken: "tokenci",
                                                 source: "/home/u/.aws/credentials [ci]"))
        #expect(ci.region == "us-west-2" && ci.endpoint == "http://127.0.0.1:9000")
        let inConfig = AWSSettings.resolve(environment: ["HOME": "/home/u", "AWS_PROFILE": "keys-in-config"], readFile: files)
        #expect(inConfig.credentials?.accessKeyID == "AKIDCONFIG" && inConfig.region == AWSSettings.defaultRegion)
        let none = AWSSettings.resolve(environment: ["HOME": "/home/u", "AWS_PROFILE": "missing"], readFile: files)
        #expect(none.credentials == nil)
        // An empty key in the environment is not a key: the files are read.
        #expect(AWSSettings.resolve(environment: ["HOME": "/home/u", "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""],
                                    readFile: files).credentials?.accessKeyID == "AKIDDEFAULT")
    }

    @Test("the endpoint: the flag, then AWS_ENDPOINT_URL_S3, then AWS_ENDPOINT_URL")
    func endpoint() {
        let environment = ["AWS_ENDPOINT_URL_S3": "http://s3.local", "AWS_ENDPOINT_URL": "http://all.local"]
        #expect(AWSSettings.resolve(environment: environment, endpointOverride: "http://flag", readFile: { _ in nil }).endpoint == "http://flag")
        #expect(AWSSettings.resolve(environment: environment, readFile: { _ in nil }).endpoint == "http://s3.local")
        #expect(AWSSettings.resolve(environment: ["AWS_ENDPOINT_URL": "http://all.local"], readFile: { _ in nil }).endpoint == "http://all.local")
    }

    @Test("s3:// locations: an object, a prefix, the whole bucket; bad bucket names and control bytes refused")
    func locations() throws {
        let object = try #require(try S3Location("s3://models/llama/model-00001-of-00004.safetensors"))
        #expect(object.bucket == "models" && object.key == "llama/model-00001-of-00004.safetensors" && !object.isPrefix)
        #expect(try S3Location("s3://models/llama/")?.isPrefix == true)
        #expect(try S3Location("s3://models")?.key == "")
        #expect(try S3Location("/local/path") == nil)
        for bad in ["s3://Models/x", "s3://ab/x", "s3://-bucket/x", "s3://bucket_1/x", "s3://bucket/a\u{1B}[2J"] {
            #expect(throws: S3Location.Invalid.self, "\(bad)") { try S3Location(bad) }
        }
    }
}
