#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Crypto
import JWTKit
import ModelArtifact

/// The key bearer tokens are checked (and, with a secret, minted) with: HS256 with a secret, or
/// RS256/ES256 with a PEM public key.
public struct TokenKeys: Sendable {
    /// The jwt-kit collection holding the one key.
    let keys: JWTKeyCollection
    /// Whether tokens can be minted (a secret, not a public key).
    public let canSign: Bool
    /// What the key is, for the start line (`HS256 secret in …`).
    public let summary: String

    /// Why a key could not be loaded.
    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Loads the key `source` names; a generated secret is created in `dataFolder` (mode 0600)
    /// when it is not there yet, if `create` allows.
    public static func load(_ source: TokenKeySource, dataFolder: String, create: Bool) async throws -> TokenKeys {
        switch source {
        case .secretFile(let path):
            return await hmac(try readSecret(path), summary: "HS256 secret from \(path)")
        case .generatedSecret:
            let path = ServerConfiguration.generatedSecretPath(dataFolder: dataFolder)
            if !FileManager.default.fileExists(atPath: path) {
                guard create else {
                    throw LoadError(description: "no secret at \(path): start `synap-server serve --data \(dataFolder)` once, or pass --jwt-secret-file")
                }
                try writeNewSecret(path)
            }
            return await hmac(try readSecret(path), summary: "HS256 secret in \(path)")
        case .publicKeyFile(let path):
            let pem = try readText(path)
            let keys = JWTKeyCollection()
            if let rsa = try? Insecure.RSA.PublicKey(pem: pem) {
                await keys.add(rsa: rsa, digestAlgorithm: .sha256)
                return TokenKeys(keys: keys, canSign: false, summary: "RS256 public key from \(path)")
            }
            if let ec = try? ES256PublicKey(pem: pem) {
                await keys.add(ecdsa: ec)
                return TokenKeys(keys: keys, canSign: false, summary: "ES256 public key from \(path)")
            }
            throw LoadError(description: "\(path) holds no RSA or P-256 public key in PEM form")
        }
    }

    /// Checks `token` and returns its claims; throws when it is forged, malformed or expired.
    public func verify(_ token: String) async throws -> ProjectClaims {
        try await keys.verify(token, as: ProjectClaims.self)
    }

    /// A token for `projects` that expires `lifetime` seconds from now (HS256 only).
    public func sign(projects: [Int64], lifetime: TimeSpan) async throws -> String {
        guard canSign else { throw LoadError(description: "a public key cannot sign tokens: use the secret") }
        let expiry = Date(timeIntervalSinceNow: Double(lifetime.seconds))
        return try await keys.sign(ProjectClaims(projects: projects, expiration: ExpirationClaim(value: expiry)))
    }

    private static func hmac(_ secret: String, summary: String) async -> TokenKeys {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        return TokenKeys(keys: keys, canSign: true, summary: summary)
    }

    private static func readText(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(description: "cannot read \(path)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The secret in `path`, surrounding whitespace removed; an empty one is refused.
    private static func readSecret(_ path: String) throws -> String {
        let text = try readText(path)
        let secret = String(text.trimmingPrefix(while: \.isWhitespace).reversed().trimmingPrefix(while: \.isWhitespace).reversed())
        guard secret.utf8.count >= 32 else { throw LoadError(description: "the secret in \(path) is shorter than 32 bytes (HS256 needs a key as long as its hash)") }
        return secret
    }

    /// Writes 32 random bytes, hex, to a new file readable by its owner only.
    private static func writeNewSecret(_ path: String) throws {
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let secret = SymmetricKey(size: .bits256).withUnsafeBytes { HexText.lowercase($0) }
        guard FileManager.default.createFile(atPath: path, contents: Data((secret + "\n").utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw LoadError(description: "cannot create \(path)")
        }
    }
}
