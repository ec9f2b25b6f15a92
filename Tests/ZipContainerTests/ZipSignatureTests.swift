import ModelArtifact
import Testing
@testable import ZipContainer

/// The probe's ZIP magics (`FormatSignatures`, bytes as they lie on disk) and the container's record
/// signatures (`ZipSignature`, little-endian words) are one fact written two ways: they must agree.
@Suite struct ZipSignatureTests {
    private func bytes(_ word: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }

    @Test func probeMagicsAreTheRecordSignatures() {
        #expect(bytes(ZipSignature.localHeader) == FormatSignatures.zipLocalHeader)
        #expect(bytes(ZipSignature.endRecord) == FormatSignatures.zipEmptyArchive)
    }
}
