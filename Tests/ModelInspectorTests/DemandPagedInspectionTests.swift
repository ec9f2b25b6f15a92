import Foundation
import ModelArtifact
import Testing
import TestSupport
@testable import ModelInspector

/// The seam under remote reading: every corpus file and fixture, read through a demand-paged
/// mapping (pages fetched on first touch from a supplier that answers on another thread) under its
/// own path, gives exactly the report (or the error) the memory-mapped file gives, and fetches
/// only part of the file when the file is larger than its structure.
@Suite struct DemandPagedInspectionTests {
    /// What reading `file` gives: the report's JSON, or the error.
    static func outcome(_ file: MappedFile) -> Result<JSONValue, ArtifactError> {
        do {
            return .success(try ModelInspector.inspect(file: file).json)
        } catch let error as ArtifactError {
            return .failure(error)
        } catch {
            return .failure(ArtifactError(file: file.path, offset: nil, rule: "other", expected: "", found: "\(error)"))
        }
    }

    static func inputs() -> [String] {
        var paths: [String] = []
        for root in [CorpusLocation.root, Fixtures.packageRoot + "/Fixtures"] {
            guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
            for case let relative as String in walker where !relative.hasPrefix("expected/") {
                let path = root + "/" + relative
                var folder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &folder), !folder.boolValue,
                      let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, size > 0
                else { continue }
                paths.append(path)
            }
        }
        return paths.sorted()
    }

    @Test func everyFileReadsTheSameThroughDemandPaging() throws {
        let paths = Self.inputs()
        #expect(paths.count > 50)
        var fetched = 0
        var total = 0
        for path in paths {
            let local = try MappedFile(path: path)
            let supplier = MemoryPageSupplier(local, name: path)
            let paged = try supplier.file()
            let remote = Self.outcome(paged)
            #expect(paged.pageFailure == nil, "\(path)")
            #expect(remote == Self.outcome(local), "\(path)")
            fetched += paged.pagesFetched?.bytes ?? 0
            total += local.size
        }
        #expect(fetched < total)
    }

    /// A safetensors file: a header naming `tensors` F32 tensors of 1,024 values, then their data (zeros).
    static func safetensors(tensors: Int) -> [UInt8] {
        var entries: [String] = []
        for index in 0..<tensors {
            entries.append(#""model.layers.\#(index).weight":{"dtype":"F32","shape":[1024],"data_offsets":[\#(index * 4096),\#((index + 1) * 4096)]}"#)
        }
        let header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
        var bytes: [UInt8] = []
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { bytes += $0 }
        return bytes + header + [UInt8](repeating: 0, count: tensors * 4096)
    }

    /// A safetensors file of `tensors` tensors inspected through demand paging: how many tensors
    /// the report lists, the ranges asked, and where the header ends.
    static func inspectPaged(tensors: Int) throws -> (tensors: Int?, requests: [Range<Int>], headerEnd: Int) {
        let bytes = safetensors(tensors: tensors)
        let supplier = MemoryPageSupplier(bytes, name: "s3://bucket/model.safetensors")
        let report = try ModelInspector.inspect(file: try supplier.file())
        let headerEnd = 8 + Int(bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        return (report.tensors?.count, supplier.requests, headerEnd)
    }

    static let firstRead = DemandPaging.standard.pageSize * DemandPaging.standard.firstPages

    @Test func aSafetensorsHeaderInTheFirstPagesIsOneRequest() throws {
        let read = try Self.inspectPaged(tensors: 500)  // a 44 KB header, 2 MB of weights
        #expect(read.tensors == 500)
        #expect(read.requests == [0..<Self.firstRead])
    }

    @Test func aLongerSafetensorsHeaderIsOneMoreRequest() throws {
        let read = try Self.inspectPaged(tensors: 5_000)  // a 450 KB header, 20 MB of weights
        #expect(read.tensors == 5_000)
        #expect(read.requests.count == 2, "\(read.requests)")
        #expect(read.requests.first == 0..<Self.firstRead)
        #expect(read.requests.last?.lowerBound == Self.firstRead)
        #expect((read.requests.last?.upperBound ?? 0) >= read.headerEnd)
        #expect((read.requests.last?.upperBound ?? 0) < read.headerEnd + DemandPaging.standard.pageSize)
    }
}
