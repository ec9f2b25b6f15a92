import Testing
import TestSupport
@testable import ModelArtifact

/// Random JSON for the fuzz and round-trip tests, from the shared seeded generator.
extension SplitMix64 {
    /// A random value that parses back to exactly itself: no `.float`, `.uint` only above `Int64.max`,
    /// finite doubles, and unique keys.
    mutating func jsonValue(depth: Int) -> JSONValue {
        switch Int.random(in: 0..<(depth > 0 ? 9 : 6), using: &self) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &self))
        case 2: return .int(Int64(bitPattern: next()) >> UInt64.random(in: 0...63, using: &self))
        case 3: return .uint(UInt64.random(in: (UInt64(Int64.max) + 1)...UInt64.max, using: &self))
        case 4:
            let d = Double(bitPattern: next())
            return .double(d.isFinite ? d : Double.random(in: -1e6...1e6, using: &self))
        case 5: return .string(jsonString())
        case 6, 7:
            return .array((0..<Int.random(in: 0...4, using: &self)).map { _ in jsonValue(depth: depth - 1) })
        default:
            var object = JSONObject()
            for i in 0..<Int.random(in: 0...4, using: &self) { object.append("\(i)\(jsonString())", jsonValue(depth: depth - 1)) }
            return .object(object)
        }
    }

    /// A short string drawn from ASCII, escapes, controls and characters beyond the BMP.
    mutating func jsonString() -> String {
        let pool: [Unicode.Scalar] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1f}", "\u{7f}",
                                      "é", "世", "\u{FFFF}", "🌍", "\u{10FFFF}"]
        var s = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...6, using: &self) { s.append(pool.randomElement(using: &self)!) }
        return String(s)
    }
}

@Suite struct JSONFuzzTests {
    /// Bytes that steer mutations towards the parser's edges.
    static let interesting: [UInt8] = Array(#"{}[]":,\u0123456789abcdefABCDEF.eE+-tfn /"#.utf8)
        + [0x00, 0x09, 0x0a, 0x0d, 0x1f, 0x7f, 0x80, 0xbf, 0xc0, 0xc3, 0xe0, 0xed, 0xf0, 0xf4, 0xf5, 0xff]

    /// Applies one random mutation to `bytes`.
    static func mutate(_ bytes: inout [UInt8], _ random: inout SplitMix64) {
        let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
        let byte = Bool.random(using: &random) ? interesting.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
        switch Int.random(in: 0..<8, using: &random) {
        case 0 where !bytes.isEmpty: bytes[position] = byte
        case 1: bytes.insert(byte, at: position)
        case 2 where !bytes.isEmpty: bytes.remove(at: position)
        case 3 where !bytes.isEmpty:
            let end = min(bytes.count, position + Int.random(in: 1...32, using: &random))
            bytes.removeSubrange(position..<end)
        case 4 where !bytes.isEmpty:
            let end = min(bytes.count, position + Int.random(in: 1...64, using: &random))
            bytes.insert(contentsOf: bytes[position..<end], at: Int.random(in: 0...bytes.count, using: &random))
        case 5: bytes.removeSubrange(min(position + 1, bytes.count)...)
        case 6 where !bytes.isEmpty: bytes[position] ^= 1 << UInt8.random(in: 0...7, using: &random)
        case 7:
            let opener: [UInt8] = Bool.random(using: &random) ? Array(#"{"k":"#.utf8) : [UInt8(ascii: "[")]
            bytes.insert(contentsOf: Array(repeating: opener, count: Int.random(in: 1...80, using: &random)).joined(), at: position)
        default: bytes.append(byte)
        }
    }

    /// Parses `bytes` with `options`: it returns a value or throws a `json-` ArtifactError inside the input.
    static func check(_ bytes: [UInt8], options: JSONParser.Options, iteration: Int) {
        do {
            let value = try JSONParser.parse(bytes: bytes, options: options)
            if options.rejectDuplicateKeys {
                // What parses also survives a write and a second parse.
                let again = try JSONParser.parse(bytes: Array(JSONWriter.string(value).utf8), options: options)
                #expect(again.isSameJSON(as: value), "iteration \(iteration)")
            }
        } catch let error as ArtifactError {
            #expect(error.rule.hasPrefix("json-"), "iteration \(iteration): \(error)")
            #expect(error.offset.map { (0...bytes.count).contains($0) } == true, "iteration \(iteration): \(error)")
        } catch {
            Issue.record("iteration \(iteration): not an ArtifactError: \(error)")
        }
    }

    @Test func mutatedHeadersReturnOrThrowArtifactError() {
        var random = SplitMix64(seed: 0x0005_AFE7_E450_12)
        let optionSets = [JSONParser.Options(), .init(maxDepth: 8, rejectDuplicateKeys: false), .init(maxDepth: 1)]
        var parsed = 0
        for iteration in 0..<4000 {
            var bytes = JSONSamples.header
            for _ in 0..<Int.random(in: 1...4, using: &random) { Self.mutate(&bytes, &random) }
            let options = optionSets[iteration % optionSets.count]
            if (try? JSONParser.parse(bytes: bytes, options: options)) != nil { parsed += 1 }
            Self.check(bytes, options: options, iteration: iteration)
        }
        // Some mutations (inside strings, whitespace) keep the document valid: the loop exercises both outcomes.
        #expect(parsed > 0)
        #expect(parsed < 4000)
    }

    @Test func randomBytesReturnOrThrowArtifactError() {
        var random = SplitMix64(seed: 42)
        for iteration in 0..<2000 {
            let count = Int.random(in: 0...64, using: &random)
            let bytes = (0..<count).map { _ in
                Bool.random(using: &random) ? Self.interesting.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
            }
            Self.check(bytes, options: .init(), iteration: iteration)
        }
    }
}
