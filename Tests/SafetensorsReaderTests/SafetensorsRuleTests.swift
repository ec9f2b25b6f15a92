import ModelArtifact
import Testing
@testable import SafetensorsReader

/// Every rule of the reference implementation, each shown by the error it gives.
@Suite struct SafetensorsRuleTests {
    func rule(header: String, data: Int, declared: UInt64? = nil) -> String? {
        let file = SafetensorsBuilder.file(SafetensorsBuilder.bytes(header: header, dataLength: data, declaredLength: declared))
        do {
            _ = try SafetensorsFile(file)
            return nil
        } catch let error as ArtifactError {
            return error.rule
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func validFileReadsInOffsetOrder() throws {
        let file = SafetensorsBuilder.file(SafetensorsBuilder.bytes(header: SafetensorsBuilder.validHeader,
                                                                    dataLength: SafetensorsBuilder.validDataLength))
        let report = try SafetensorsReader.read(file)
        let tensors = try #require(report.tensors)
        #expect(tensors.map(\.name) == ["a", "b"])
        #expect(tensors[0].dtype == .f32 && tensors[0].shape == [.size(2), .size(2)])
        let start = 8 + SafetensorsBuilder.validHeader.utf8.count
        #expect(tensors[0].offset == start && tensors[0].length == 16)
        #expect(tensors[1].offset == start + 16 && tensors[1].length == 24)
        #expect(report.metadata == ["format": .string("pt")])
        #expect(report.parameterCount == 7)
    }

    @Test func tensorsAreSortedByOffsetNotHeaderOrder() throws {
        let header = #"{"z":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"a":{"dtype":"U8","shape":[1],"data_offsets":[2,3]}}"#
        let parsed = try SafetensorsFile(SafetensorsBuilder.file(SafetensorsBuilder.bytes(header: header, dataLength: 3)))
        #expect(parsed.entries.map(\.name) == ["z", "a"])
    }

    @Test func emptyHeaderAndZeroSizedTensorsAreValid() throws {
        #expect(rule(header: "{}      ", data: 0) == nil)
        #expect(rule(header: #"{"e":{"dtype":"F32","shape":[0,4],"data_offsets":[0,0]},"s":{"dtype":"F16","shape":[],"data_offsets":[0,2]}}"#, data: 2) == nil)
    }

    @Test func headerTooSmall() {
        let short = SafetensorsBuilder.file([0, 0, 0, 0, 0, 0, 0])
        let error = #expect(throws: ArtifactError.self) { try SafetensorsFile(short) }
        #expect(error?.rule == "safetensors-header-too-small")
        #expect(rule(header: "", data: 0, declared: 0) == "safetensors-header-start")
    }

    @Test func headerLengthRules() {
        #expect(rule(header: "{}", data: 0, declared: 100_000_001) == "safetensors-header-too-large")
        #expect(rule(header: "{}", data: 0, declared: UInt64.max) == "safetensors-header-too-large")
        #expect(rule(header: "{}", data: 0, declared: 50) == "safetensors-header-length")
    }

    @Test func headerMustBeUTF8JSONObject() {
        let bad = SafetensorsBuilder.bytes(header: "{\"a\u{e9}\":1}", dataLength: 0)
        var broken = bad
        broken[11] = 0xff
        let file = SafetensorsBuilder.file(broken)
        do {
            _ = try SafetensorsFile(file)
            Issue.record("accepted invalid UTF-8")
        } catch let error as ArtifactError {
            #expect(error.rule == "safetensors-header-not-utf8")
            #expect(error.offset == 11)
        } catch { Issue.record("\(error)") }
        #expect(rule(header: "[1,2]", data: 0) == "safetensors-header-start")
        #expect(rule(header: " {}", data: 0) == "safetensors-header-start")
        #expect(rule(header: "{\"a\":", data: 0) == "json-truncated")
        #expect(rule(header: "{\"a\":1,}", data: 0) == "json-expected-key")
    }

    @Test func duplicateKeysAreRefused() {
        let header = #"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}"#
        #expect(rule(header: header, data: 2) == "json-duplicate-key")
    }

    @Test func metadataMustMapStringsToStrings() {
        #expect(rule(header: #"{"__metadata__":{"n":1}}"#, data: 0) == "safetensors-metadata")
        #expect(rule(header: #"{"__metadata__":["x"]}"#, data: 0) == "safetensors-metadata")
        #expect(rule(header: #"{"__metadata__":{"n":"1"}}"#, data: 0) == nil)
    }

    @Test func tensorEntriesNeedEveryField() {
        #expect(rule(header: #"{"a":1}"#, data: 0) == "safetensors-tensor-entry")
        #expect(rule(header: #"{"a":{"shape":[1],"data_offsets":[0,1]}}"#, data: 1) == "safetensors-tensor-entry")
        #expect(rule(header: #"{"a":{"dtype":"U8","data_offsets":[0,1]}}"#, data: 1) == "safetensors-tensor-entry")
        #expect(rule(header: #"{"a":{"dtype":"U8","shape":[1]}}"#, data: 1) == "safetensors-tensor-entry")
        #expect(rule(header: #"{"a":{"dtype":"U8","shape":[-1],"data_offsets":[0,1]}}"#, data: 1) == "safetensors-tensor-entry")
        #expect(rule(header: #"{"a":{"dtype":"U8","shape":[1.5],"data_offsets":[0,1]}}"#, data: 1) == "safetensors-tensor-entry")
        #expect(rule(header: #"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0]}}"#, data: 1) == "safetensors-tensor-entry")
        #expect(rule(header: #"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,-1]}}"#, data: 1) == "safetensors-tensor-entry")
    }

    @Test func dtypesAndTheirBitSizes() {
        #expect(rule(header: #"{"a":{"dtype":"Q4","shape":[1],"data_offsets":[0,1]}}"#, data: 1) == "safetensors-unknown-dtype")
        #expect(rule(header: #"{"a":{"dtype":"U4","shape":[2],"data_offsets":[0,1]}}"#, data: 1) == "safetensors-unknown-dtype")
        #expect(rule(header: #"{"a":{"dtype":"F4","shape":[4],"data_offsets":[0,2]}}"#, data: 2) == nil)
        #expect(rule(header: #"{"a":{"dtype":"F4","shape":[3],"data_offsets":[0,2]}}"#, data: 2) == "safetensors-misaligned")
        #expect(rule(header: #"{"a":{"dtype":"F6_E2M3","shape":[4],"data_offsets":[0,3]}}"#, data: 3) == nil)
        #expect(rule(header: #"{"a":{"dtype":"F6_E3M2","shape":[2],"data_offsets":[0,2]}}"#, data: 2) == "safetensors-misaligned")
        #expect(rule(header: #"{"a":{"dtype":"F8_E8M0","shape":[3],"data_offsets":[0,3]}}"#, data: 3) == nil)
        #expect(rule(header: #"{"a":{"dtype":"F8_E4M3","shape":[3],"data_offsets":[0,3]}}"#, data: 3) == nil)
        #expect(rule(header: #"{"a":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}"#, data: 8) == nil)
        #expect(rule(header: #"{"a":{"dtype":"BF16","shape":[3],"data_offsets":[0,6]}}"#, data: 6) == nil)
    }

    @Test func offsetsMustTileTheDataExactly() {
        #expect(rule(header: #"{"a":{"dtype":"U8","shape":[1],"data_offsets":[1,0]}}"#, data: 1) == "safetensors-offsets-reversed")
        #expect(rule(header: #"{"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}"#, data: 2) == "safetensors-gap")
        #expect(rule(header: #"{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[2],"data_offsets":[1,3]}}"#, data: 3) == "safetensors-overlap")
        #expect(rule(header: #"{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,3]}}"#, data: 3) == "safetensors-size-mismatch")
        #expect(rule(header: #"{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}"#, data: 3) == "safetensors-trailing-bytes")
        #expect(rule(header: #"{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]}}"#, data: 3) == "safetensors-data-past-end")
    }

    @Test func arithmeticOverflowIsAnError() {
        let huge = #"{"a":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,8]}}"#
        #expect(rule(header: huge, data: 8) == "safetensors-overflow")
        let hugeBits = #"{"a":{"dtype":"F64","shape":[4611686018427387904],"data_offsets":[0,8]}}"#
        #expect(rule(header: hugeBits, data: 8) == "safetensors-overflow")
        let hugeEnd = #"{"a":{"dtype":"U8","shape":[576460752303423488],"data_offsets":[0,576460752303423488]}}"#
        #expect(rule(header: hugeEnd, data: 0) == "safetensors-data-past-end")
    }

    @Test func errorsPointAtTheTensorKey() throws {
        let header = #"{"ok":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"bad":{"dtype":"U8","shape":[5],"data_offsets":[1,2]}}"#
        let file = SafetensorsBuilder.file(SafetensorsBuilder.bytes(header: header, dataLength: 2))
        do {
            _ = try SafetensorsFile(file)
            Issue.record("accepted a size mismatch")
        } catch let error as ArtifactError {
            let position = 8 + Array(header.utf8).firstRange(of: Array("\"bad\"".utf8))!.lowerBound
            #expect(error.offset == position)
            #expect(error.description.contains("bad"))
            #expect(error.file == "test.safetensors")
        }
    }
}
