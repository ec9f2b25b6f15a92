/// The little XML S3 answers with (`ListBucketResult`, `Error`): elements, text, the five named
/// entities and numeric character references; no DTDs, no namespaces beyond ignoring `xmlns`.
/// Read into a tree of elements, bounded: a document over `maxBytes` or nested over `maxDepth`
/// is refused.
struct S3XMLElement: Equatable, Sendable {
    var name: String
    var text = ""
    var children: [S3XMLElement] = []

    /// The first child named `name`.
    func child(_ name: String) -> S3XMLElement? { children.first { $0.name == name } }
    /// Every child named `name`.
    func children(_ name: String) -> [S3XMLElement] { children.filter { $0.name == name } }
    /// The text of the first child named `name`.
    func text(of name: String) -> String? { child(name)?.text }
}

enum S3XML {
    static let maxBytes = 64 << 20
    static let maxDepth = 32

    /// Why a document could not be read.
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    /// The document's root element.
    static func parse(_ bytes: [UInt8]) throws(Malformed) -> S3XMLElement {
        guard bytes.count <= maxBytes else { throw Malformed(description: "the XML answer is over \(maxBytes >> 20) MiB") }
        var index = 0
        var stack: [S3XMLElement] = []
        var root: S3XMLElement?
        func fail(_ rule: String) -> Malformed { Malformed(description: "the XML answer is malformed at byte \(index): \(rule)") }
        while index < bytes.count {
            if bytes[index] != UInt8(ascii: "<") {
                let end = bytes[index...].firstIndex(of: UInt8(ascii: "<")) ?? bytes.count
                if !stack.isEmpty {
                    stack[stack.count - 1].text += try decodeText(bytes[index..<end], at: index)
                } else if bytes[index..<end].contains(where: { !isBlank($0) }) {
                    throw fail("text outside the root element")
                }
                index = end
                continue
            }
            guard let close = bytes[index...].firstIndex(of: UInt8(ascii: ">")) else { throw fail("a tag never ends") }
            let tag = bytes[(index + 1)..<close]
            defer { index = close + 1 }
            switch tag.first {
            case UInt8(ascii: "?"), UInt8(ascii: "!"):
                // The declaration, a comment or a DOCTYPE: skipped (a comment may not hold '>', which S3 never sends).
                continue
            case UInt8(ascii: "/"):
                let name = String(decoding: tag.dropFirst(), as: UTF8.self).trimmed(of: " \t\r\n")
                guard var element = stack.popLast(), element.name == name else { throw fail("</\(name)> closes no open element") }
                if element.children.isEmpty == false { element.text = element.text.trimmed(of: " \t\r\n") }
                if stack.isEmpty {
                    guard root == nil else { throw fail("a second root element") }
                    root = element
                } else {
                    stack[stack.count - 1].children.append(element)
                }
            default:
                let selfClosing = tag.last == UInt8(ascii: "/")
                let body = selfClosing ? tag.dropLast() : tag
                let nameEnd = body.firstIndex(where: isBlank) ?? body.endIndex
                let name = String(decoding: body[..<nameEnd], as: UTF8.self)
                guard !name.isEmpty else { throw fail("an element without a name") }
                if selfClosing {
                    let element = S3XMLElement(name: name)
                    if stack.isEmpty { root = element } else { stack[stack.count - 1].children.append(element) }
                } else {
                    guard stack.count < maxDepth else { throw fail("elements nested deeper than \(maxDepth)") }
                    stack.append(S3XMLElement(name: name))
                }
            }
        }
        guard stack.isEmpty, let root else { throw Malformed(description: "the XML answer ends before its root element closes") }
        return root
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// Text with its entity and character references replaced.
    private static func decodeText(_ bytes: ArraySlice<UInt8>, at offset: Int) throws(Malformed) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            guard bytes[index] == UInt8(ascii: "&") else { out.append(bytes[index]); index += 1; continue }
            guard let semicolon = bytes[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                throw Malformed(description: "the XML answer is malformed at byte \(offset + index - bytes.startIndex): an `&` starts no reference")
            }
            let name = String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self)
            let scalar: Unicode.Scalar?
            switch name {
            case "amp": scalar = "&"
            case "lt": scalar = "<"
            case "gt": scalar = ">"
            case "quot": scalar = "\""
            case "apos": scalar = "'"
            default:
                if name.hasPrefix("#x") { scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init) }
                else if name.hasPrefix("#") { scalar = UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init) }
                else { scalar = nil }
            }
            guard let scalar else {
                throw Malformed(description: "the XML answer is malformed at byte \(offset + index - bytes.startIndex): unknown reference &\(name);")
            }
            out += Array(String(scalar).utf8)
            index = semicolon + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
