import Foundation
import JWTKit
import Testing
import TestSupport
@testable import UploadServer

@Suite("Bearer tokens: HS256 with the secret, RS256/ES256 with a public key")
struct TokenKeysTests {
    @Test("serve creates a 0600 secret once; token signs with it; the server verifies, and refuses forged and expired tokens")
    func generatedSecret() async throws {
        let folder = try ScratchFolder("synap-keys")
        defer { folder.remove() }
        await #expect(throws: TokenKeys.LoadError.self) {
            _ = try await TokenKeys.load(.generatedSecret, dataFolder: folder.path, create: false)
        }
        let keys = try await TokenKeys.load(.generatedSecret, dataFolder: folder.path, create: true)
        let path = ServerConfiguration.generatedSecretPath(dataFolder: folder.path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let again = try await TokenKeys.load(.generatedSecret, dataFolder: folder.path, create: false)
        let token = try await again.sign(projects: [12, 13], lifetime: TimeSpan(seconds: 60))
        #expect(try await keys.verify(token).projects == [12, 13])

        let other = try await TokenKeys.load(.generatedSecret, dataFolder: folder.path + "/other", create: true)
        await #expect(throws: (any Error).self) { _ = try await other.verify(token) }
        let expired = try await keys.sign(projects: [12], lifetime: TimeSpan(seconds: 1))
        try await Task.sleep(for: .milliseconds(1100))
        await #expect(throws: (any Error).self) { _ = try await keys.verify(expired) }
    }

    @Test("a PEM public key verifies ES256 and RS256 tokens and cannot sign")
    func publicKeys() async throws {
        let folder = try ScratchFolder("synap-keys")
        defer { folder.remove() }
        let ecPrivate = ES256PrivateKey()
        let ecPath = try folder.write("ec.pem", Array(ecPrivate.publicKey.pemRepresentation.utf8))
        let ecKeys = try await TokenKeys.load(.publicKeyFile(ecPath), dataFolder: folder.path, create: false)
        #expect(!ecKeys.canSign)
        let signer = JWTKeyCollection()
        await signer.add(ecdsa: ecPrivate)
        let claims = ProjectClaims(projects: [7], expiration: .init(value: Date().addingTimeInterval(60)))
        #expect(try await ecKeys.verify(try await signer.sign(claims)).projects == [7])
        await #expect(throws: (any Error).self) { _ = try await ecKeys.sign(projects: [7], lifetime: TimeSpan(seconds: 60)) }

        let notAKey = try folder.write("junk.pem", Array("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n".utf8))
        await #expect(throws: TokenKeys.LoadError.self) {
            _ = try await TokenKeys.load(.publicKeyFile(notAKey), dataFolder: folder.path, create: false)
        }
    }
}
