#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Crypto
import ModelArtifact
import Testing
@testable import RemoteArtifact

/// A suite case's request.txt: `METHOD TARGET HTTP/1.1`, `Name:value` header lines (indented lines
/// continue a value), an empty line, the body.
private struct SuiteRequest {
    var method = ""
    var path = ""
    var query: [(name: String, value: String)] = []
    var headers: [(name: String, value: String)] = []
    var body = ""

    init(_ text: String) {
        let (head, body) = text.firstRange(of: "\n\n").map { (String(text[..<$0.lowerBound]), String(text[$0.upperBound...])) } ?? (text, "")
        self.body = body
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false)[...]
        let requestLine = lines.removeFirst().split(separator: " ")
        method = String(requestLine[0])
        let target = requestLine[1..<(requestLine.count - 1)].joined(separator: " ")
        let question = target.firstIndex(of: "?")
        path = URIEncoding.decode(target[..<(question ?? target.endIndex)]) ?? ""
        if let question {
            for pair in target[target.index(after: question)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                query.append((URIEncoding.decode(parts[0]) ?? "", parts.count > 1 ? URIEncoding.decode(parts[1]) ?? "" : ""))
            }
        }
        for line in lines where !line.isEmpty {
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += "\n" + line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
    }
}

@Suite("SigV4 against the AWS signing test suite (aws-c-auth's v4 cases)")
struct SigV4SignerTests {
    @Test("every header-signing case: the canonical request, the string to sign and the Authorization header",
          arguments: sigV4SuiteCases.map(\.name))
    func suite(name: String) throws {
        let suiteCase = try #require(sigV4SuiteCases.first { $0.name == name })
        let context = try #require(try JSONParser.parse(bytes: Array(suiteCase.context.utf8)).objectValue)
        let credentials = try #require(context["credentials"]?.objectValue)
        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyID: try #require(credentials["access_key_id"]?.stringValue),
                                        secretAccessKey: try #require(credentials["secret_access_key"]?.stringValue),
                                        sessionToken: credentials["token"]?.stringValue),
            region: try #require(context["region"]?.stringValue), service: try #require(context["service"]?.stringValue),
            normalizesPath: context["normalize"]?.boolValue ?? true, signsPayloadHeader: context["sign_body"]?.boolValue ?? false,
            signsSessionToken: !(context["omit_session_token"]?.boolValue ?? false))
        let parsed = SuiteRequest(suiteCase.request)
        let request = SigV4Request(method: parsed.method, path: parsed.path, query: parsed.query, headers: parsed.headers,
                                   payloadHash: HexText.lowercase(SHA256.hash(data: Array(parsed.body.utf8))))
        // 2015-08-30T12:36:00Z, the suite's timestamp.
        let signed = signer.sign(request, at: Date(timeIntervalSince1970: 1_440_938_160))
        var sent = signed
        sent.headers.removeAll { $0.name == "Authorization" || ($0.name == "X-Amz-Security-Token" && !signer.signsSessionToken) }
        #expect(signer.canonicalRequest(sent).text == suiteCase.canonicalRequest)
        let time = SigV4Time(Date(timeIntervalSince1970: 1_440_938_160))
        #expect(signer.stringToSign(canonicalRequest: suiteCase.canonicalRequest, time: time) == suiteCase.stringToSign)
        let authorization = signed.headers.last { $0.name == "Authorization" }?.value
        let expected = suiteCase.signedRequest.split(separator: "\n").first { $0.hasPrefix("Authorization:") }?.dropFirst("Authorization:".count)
        #expect(authorization == expected.map(String.init))
    }

    @Test("S3: the key is encoded once, not normalized; the wire target is what was signed")
    func s3Paths() {
        let request = SigV4Request(method: "GET", path: "/bucket/a key/../ü//x", query: [("list-type", "2"), ("prefix", "a/b c")],
                                   headers: [("Host", "s3.amazonaws.com")])
        #expect(request.encodedTarget == "/bucket/a%20key/../%C3%BC//x?list-type=2&prefix=a%2Fb%20c")
        let signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret"), region: "us-east-1")
        let canonical = signer.canonicalRequest(signer.sign(request, at: Date(timeIntervalSince1970: 0))).text
        #expect(canonical.split(separator: "\n", omittingEmptySubsequences: false)[1] == "/bucket/a%20key/../%C3%BC//x")
        #expect(canonical.contains("x-amz-content-sha256:\(SigV4Signer.emptyPayloadHash)\n"))
    }

    @Test("the signing time's two forms, across a leap day and a year end")
    func times() {
        #expect(SigV4Time(Date(timeIntervalSince1970: 1_440_938_160)).stamp == "20150830T123600Z")
        #expect(SigV4Time(Date(timeIntervalSince1970: 951_782_400)).day == "20000229")
        #expect(SigV4Time(Date(timeIntervalSince1970: 1_798_761_599)).stamp == "20261231T235959Z")
    }
}
