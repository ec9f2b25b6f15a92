import Foundation
import Testing
@testable import synap_server
@testable import UploadServer

@Suite("serve's options: flags, environment variables, defaults")
struct ServeOptionsTests {
    @Test("defaults, flags, and a flag over its environment variable")
    func options() throws {
        let defaults = try Serve.parse([]).configuration(OptionEnvironment(variables: [:]))
        #expect(defaults.host == "127.0.0.1" && defaults.port == 8080 && defaults.dataFolder == "./synap-data")
        #expect(defaults.maxUploadSize == ByteSize(bytes: 50 << 30) && defaults.keySource == .generatedSecret)

        let flags = try Serve.parse(["--port", "9000", "--data", "/srv/d", "--max-upload-size", "500MB",
                                     "--jwt-public-key", "/k.pem", "--max-concurrent-uploads", "3"]).configuration(OptionEnvironment(variables: [:]))
        #expect(flags.port == 9000 && flags.dataFolder == "/srv/d" && flags.maxUploadSize.bytes == 500_000_000)
        #expect(flags.keySource == .publicKeyFile("/k.pem") && flags.maxConcurrentUploads == 3)

        let variables = OptionEnvironment(variables: ["SYNAP_PORT": "9100", "SYNAP_MAX_UPLOAD_SIZE": "20GiB", "SYNAP_JWT_SECRET_FILE": "/s"])
        let environment = try Serve.parse([]).configuration(variables)
        #expect(environment.port == 9100 && environment.maxUploadSize.bytes == 20 << 30 && environment.keySource == .secretFile("/s"))
        #expect(try Serve.parse(["--port", "9200"]).configuration(variables).port == 9200)
        // A public key beside the secret the environment names: give one, not both.
        #expect(throws: (any Error).self) { try Serve.parse(["--jwt-public-key", "/k.pem"]).configuration(variables) }
        #expect(throws: (any Error).self) { try Serve.parse(["--max-upload-size", "lots"]).configuration(OptionEnvironment(variables: [:])) }
    }
}
