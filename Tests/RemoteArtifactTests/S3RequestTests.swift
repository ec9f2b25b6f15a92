#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import RemoteArtifact

@Suite("S3 requests: endpoints, addressing, botocore's signatures; answers: listings, errors, ranges")
struct S3RequestTests {
    @Test("each request signs as botocore signs it", arguments: s3SignatureVectors.map(\.name))
    func botocore(name: String) throws {
        let vector = try #require(s3SignatureVectors.first { $0.name == name })
        let settings = AWSSettings(credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                                               sessionToken: vector.sessionToken),
                                   region: vector.region, endpoint: vector.endpoint, profile: "default")
        let endpoint = try S3Endpoint(settings: settings)
        let location = S3Location(bucket: vector.bucket, key: vector.key)
        let (_, request) = switch vector.operation {
        case "head": S3Requests.head(location, endpoint: endpoint)
        case "get": S3Requests.get(location, range: try rangeOf(vector.extra), endpoint: endpoint)
        default: S3Requests.list(bucket: vector.bucket, prefix: vector.key, continuationToken: vector.extra, endpoint: endpoint)
        }
        let signer = SigV4Signer(credentials: try #require(settings.credentials), region: settings.region)
        // 2026-12-07T12:00:00Z, the vectors' time.
        let signed = signer.sign(request, at: Date(timeIntervalSince1970: 1_796_644_800))
        #expect(signed.headers.last { $0.name == "Authorization" }?.value == vector.authorization)
    }

    private func rangeOf(_ header: String?) throws -> ByteRangeRequest {
        let bounds = try #require(header?.dropFirst("bytes=".count).split(separator: "-").compactMap { Int64($0) })
        return ByteRangeRequest(offset: bounds[0], length: bounds[1] - bounds[0] + 1)
    }

    @Test("addressing: virtual-hosted on AWS, path-style for dotted buckets and for an endpoint; bad endpoints refused")
    func addressing() throws {
        let aws = try S3Endpoint(settings: AWSSettings(credentials: nil, region: "eu-west-1", endpoint: nil, profile: "default"))
        #expect(aws.target(bucket: "models", key: "a/b") == ("models.s3.eu-west-1.amazonaws.com", "/a/b"))
        #expect(aws.target(bucket: "my.models", key: "a") == ("s3.eu-west-1.amazonaws.com", "/my.models/a"))
        let local = try S3Endpoint(settings: AWSSettings(credentials: nil, region: "us-east-1", endpoint: "http://127.0.0.1:9000/", profile: "default"))
        #expect(local.target(bucket: "models", key: "a b") == ("127.0.0.1:9000", "/models/a b"))
        #expect(try S3Endpoint(settings: AWSSettings(credentials: nil, region: "us-east-1", endpoint: "https://minio.local:443", profile: "d")).authority == "minio.local")
        for bad in ["ftp://x", "127.0.0.1:9000", "http://host/path", "http://user@host", "http://"] {
            #expect(throws: S3Endpoint.Invalid.self, "\(bad)") {
                try S3Endpoint(settings: AWSSettings(credentials: nil, region: "us-east-1", endpoint: bad, profile: "d"))
            }
        }
    }

    @Test("a ListObjectsV2 page: url-encoded keys decoded, sizes, ETags, the continuation token")
    func listPage() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>models</Name><Prefix>llama+3%2F</Prefix>
              <KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>
              <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
              <Contents><Key>llama+3/config.json</Key><Size>654</Size><ETag>&quot;5d41402abc4b2a76b9719d911017c592&quot;</ETag></Contents>
              <Contents><Key>llama+3/a%2Bb%E2%80%A6.safetensors</Key><Size>4976698672</Size><ETag>"9b2cf535f27731c974343645a3985328-297"</ETag></Contents>
            </ListBucketResult>
            """
        let page = try S3ListPage(xml: Array(xml.utf8))
        #expect(page.objects.map(\.key) == ["llama 3/config.json", "llama 3/a+b….safetensors"])
        #expect(page.objects.map(\.size) == [654, 4_976_698_672])
        #expect(page.objects[0].etag == "5d41402abc4b2a76b9719d911017c592" && page.objects[0].multipartParts == nil)
        #expect(page.objects[1].multipartParts == 297)
        #expect(page.continuationToken == "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")
        let last = try S3ListPage(xml: Array("<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>".utf8))
        #expect(last.objects.isEmpty && last.continuationToken == nil)
    }

    @Test("hostile or broken XML answers are errors, never a trap or a guess")
    func badXML() {
        let bad = [
            "<ListBucketResult><Contents><Key>a</Key></Contents></ListBucketResult>",  // no Size
            "<ListBucketResult><Contents><Key>a</Key><Size>-1</Size></Contents></ListBucketResult>",
            "<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>",  // truncated, no token
            "<ListBucketResult><Contents><Key>a &bogus; b</Key><Size>1</Size></Contents></ListBucketResult>",
            "<ListBucketResult><Contents>",
            "<A></B>",
            "text<A/>",
            "<Error><Code>AccessDenied</Code></Error>",
            String(repeating: "<a>", count: 100) + String(repeating: "</a>", count: 100),
        ]
        for xml in bad {
            #expect(throws: S3XML.Malformed.self, "\(xml)") { try S3ListPage(xml: Array(xml.utf8)) }
        }
    }

    @Test("S3 error answers: code and message")
    func errors() {
        let answer = S3ErrorAnswer(xml: Array("<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>a&amp;b</Key></Error>".utf8))
        #expect(answer == S3ErrorAnswer(code: "NoSuchKey", message: "The specified key does not exist."))
        #expect(S3ErrorAnswer(xml: []) == nil)
    }

    @Test("a ranged answer: 206 with the range asked; a 200 (Range ignored) and a wrong Content-Range are refused")
    func ranges() throws {
        let range = ByteRangeRequest(offset: 0, length: 65_536)
        #expect(range.header == "bytes=0-65535")
        #expect(try range.check(status: 206, contentRange: "bytes 0-65535/4976698672") == 4_976_698_672)
        #expect(try range.check(status: 206, contentRange: "bytes 0-99/100") == 100)
        for (status, contentRange) in [(200, "bytes 0-65535/1"), (206, nil), (206, "bytes 1-65536/99999"), (206, "bytes 0-65536/99999"),
                                       (206, "bytes 0-10/5"), (206, "items 0-1/2"), (416, "bytes */10")] as [(Int, String?)] {
            #expect(throws: ByteRangeRequest.Refused.self, "\(status) \(contentRange ?? "-")") {
                try range.check(status: status, contentRange: contentRange)
            }
        }
    }
}
