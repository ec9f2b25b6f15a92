import ModelArtifact
import TestSupport
@testable import PTReader

/// The gate's verdict on `bytes`, named `name`, judged as the loader opens it.
func gateVerdict(_ bytes: [UInt8], name: String = "model.bin") -> PickleVerdict? {
    PTReader.judge(MappedFile(bytes: bytes, name: name), as: .unknown).verdict
}
