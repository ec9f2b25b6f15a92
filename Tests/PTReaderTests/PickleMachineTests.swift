import ModelArtifact
import Testing
@testable import PTReader
