import Foundation
import ModelArtifact
import Testing
import TestSupport
@testable import ONNXReader

/// External data: locations resolved inside the model's folder as onnx's checker resolves them,
/// ranges checked against the files, and the files listed in the report.
@Suite struct ONNXExternalDataTests {
    typealias B = ONNXBuilder

    /// Writes a model whose initializer W [4] F32 lies in `entries`' location, plus `files`, and reads it.
    func read(_ entries: [(String, String)], files: [String: Int] = ["w.bin": 16],
              prepare: (ScratchFolder) throws -> Void = { _ in }) throws -> ModelReport {
        let scratch = try ScratchFolder("onnx-external")
        defer { scratch.remove() }
        for (name, size) in files { try scratch.write(name, [UInt8](repeating: 1, count: size)) }
        try prepare(scratch)
        let graph = B.graph("g", nodes: [B.node("Add", ["X", "W"], ["Y"])], inputs: [B.input("X", .float, [4])],
                            outputs: [B.input("Y", .float, [4])], initializers: [B.external("W", .float, [4], entries)])
        let path = try scratch.write("model.onnx", B.model(graph: graph))
        return try ONNXReader.read(MappedFile(path: path))
    }

    @Test func theFixtureReadsWithItsWeightsFile() throws {
        let scratch = try ScratchFolder("onnx-external")
        defer { scratch.remove() }
        let folder = try scratch.copyFixture("onnx/external")
        let report = try ONNXReader.read(MappedFile(path: folder + "/model.onnx"))
        #expect(report.findings.isEmpty && report.checker == "ok")
        let tensors = try #require(report.tensors)
        #expect(tensors.map(\.file) == ["weights.bin", "weights.bin"])
        #expect(tensors.map(\.offset) == [0, 48] && tensors.map(\.length) == [48, 12])
        let files = report.onnx["external_data"]?.arrayValue
        #expect(files == [.object(["location": .string("weights.bin"), "size": .int(60), "tensors": .int(2), "bytes": .int(60)])])
    }

    @Test func aMissingFile() throws {
        let report = try read([("location", "gone.bin")])
        #expect(report.codes == ["ONNX016"])
        #expect(report.checker?.hasPrefix("Data of TensorProto ( tensor name: W) should be stored in ") == true)
        #expect(report.checker?.hasSuffix("/gone.bin, but it doesn't exist or is not accessible.") == true)
        #expect(report.tensors?.first?.file == "gone.bin" && report.tensors?.first?.length == nil)
    }

    @Test func rangesAndSizes() throws {
        #expect(try read([("location", "w.bin"), ("offset", "8"), ("length", "16")]).codes == ["ONNX017"])
        #expect(try read([("location", "w.bin"), ("offset", "x")]).codes == ["ONNX017"])
        #expect(try read([("location", "w.bin"), ("length", "-4")]).codes == ["ONNX017"])
        #expect(try read([("location", "w.bin"), ("length", "12")]).codes == ["ONNX010"])
        let fine = try read([("location", "w.bin"), ("offset", "4"), ("length", "16")], files: ["w.bin": 20])
        #expect(fine.findings.isEmpty && fine.checker == "ok")
        #expect(fine.tensors?.first?.offset == 4 && fine.tensors?.first?.length == 16)
        // Without a length, the tensor runs to the end of the file.
        let open = try read([("location", "w.bin"), ("offset", "4")], files: ["w.bin": 20])
        #expect(open.tensors?.first?.length == 16 && open.findings.isEmpty)
        let sub = try read([("location", "./data/../w.bin")])
        #expect(sub.findings.isEmpty)
    }

    @Test func locationsThatLeadOut() throws {
        let absolute = try read([("location", "/etc/hostname")])
        #expect(absolute.codes == ["ONNX015"])
        let climbing = try read([("location", "../w.bin")])
        #expect(climbing.codes == ["ONNX015"] && climbing.checker?.contains("points outside the directory") == true)
        let folder = try read([("location", "sub")]) { try FileManager.default.createDirectory(atPath: $0.path + "/sub", withIntermediateDirectories: true) }
        #expect(folder.codes == ["ONNX015"] && folder.checker?.hasSuffix("but it is not regular file.") == true)
        let outside = try ScratchFolder("onnx-outside")
        defer { outside.remove() }
        let target = try outside.write("secret.bin", [UInt8](repeating: 0, count: 16))
        let link = try read([("location", "link.bin")], files: [:]) {
            try FileManager.default.createSymbolicLink(atPath: $0.path + "/link.bin", withDestinationPath: target)
        }
        // onnx's checker follows the link; synap-tool does not let it lead out of the folder.
        #expect(link.codes == ["ONNX015"] && link.checker == "ok")
        let inside = try read([("location", "link.bin")]) {
            try FileManager.default.createSymbolicLink(atPath: $0.path + "/link.bin", withDestinationPath: $0.path + "/w.bin")
        }
        #expect(inside.findings.isEmpty)
    }

    @Test func cleaningRelativePathsAsOnnxDoes() {
        #expect(ONNXExternalFiles.cleanRelativePath("a/./b//c") == "a/b/c")
        #expect(ONNXExternalFiles.cleanRelativePath("a/../b") == "b")
        #expect(ONNXExternalFiles.cleanRelativePath("a/../../b") == "../b")
        #expect(ONNXExternalFiles.cleanRelativePath("./") == ".")
        #expect(ONNXExternalFiles.cleanRelativePath("") == ".")
        #expect(ONNXExternalFiles.join("", "w.bin") == "w.bin")
        #expect(ONNXExternalFiles.join("dir", "w.bin") == "dir/w.bin")
        #expect(ONNXExternalFiles(modelPath: "m/model.onnx").baseDir == "m/")
        #expect(ONNXExternalFiles(modelPath: "model.onnx").baseDir == "")
    }
}
