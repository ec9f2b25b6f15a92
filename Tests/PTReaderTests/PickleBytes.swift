import ModelArtifact
import TestSupport
@testable import PTReader

/// Runs one pickle and returns the machine and run.
func runPickle(_ bytes: [UInt8], limits: PickleLimits = PickleLimits()) -> (PickleMachine, PickleRun) {
    let file = MappedFile(bytes: bytes, name: "test.pkl")
    var machine = PickleMachine(file: file, limits: limits)
    var reader = file.reader()
    let run = machine.run(&reader)
    return (machine, run)
}

/// The rule of the error running `bytes` gives, or nil when it runs.
func ruleOf(_ bytes: [UInt8], limits: PickleLimits = PickleLimits()) -> String? {
    runPickle(bytes, limits: limits).1.error?.rule
}

/// The report of `bytes` read as `format`.
func report(_ bytes: [UInt8], as format: ModelFormat = .pickle, name: String = "test.pkl",
            limits: PickleLimits = PickleLimits()) throws -> ModelReport {
    try PTReader.read(MappedFile(bytes: bytes, name: name), as: format, limits: limits)
}
