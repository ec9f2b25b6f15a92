import NIOCore
import SystemSeam

/// What the form's parser saw in one fed chunk, in order.
enum FormEvent {
    /// A part begins; its headers (name, value), as sent.
    case partStart([(name: String, value: String)])
    /// Bytes of the current part's body: slices of the fed chunks, never copies.
    case body(ByteBuffer)
    /// The current part ended.
    case partEnd
}

/// A streaming `multipart/form-data` parser (RFC 7578, RFC 2046 §5.1.1), fed the request body
/// chunk by chunk. A part's body is handed on as slices of the chunks it arrived in; only the
/// bytes that might start a delimiter at a chunk's end are held over. Everything a client
/// controls is bounded: the preamble and each part's headers (16 KiB), the padding after a
/// delimiter (counted with the headers). Every rule broken is a 400 naming the body offset.
///
/// Ours rather than multipart-kit's `MultipartParser`: the one version mirrored here (4.7.1)
/// traps (index out of range) on a part header name holding a byte of 0x80 or more, so one
/// request could stop the server.
final class MultipartFeed {
    /// The most header bytes one part may have (and the longest preamble before the first boundary).
    static let maxPartHeaderBytes = 16 * 1024

    private enum Phase {
        /// Before the first delimiter.
        case preamble
        /// After a delimiter: `--` closes the body; blanks then CRLF open a part.
        case delimiterEnd(DelimiterEnd)
        /// A part's header block, until the empty line.
        case headers
        /// A part's body, until CRLF `--boundary`.
        case body
        /// After the closing delimiter: ignored.
        case epilogue
    }

    private enum DelimiterEnd { case start, dash, padding, cr }

    private static let cr: UInt8 = 0x0D, lf: UInt8 = 0x0A, dash = UInt8(ascii: "-")

    /// CRLF `--boundary`. The boundary is printable ASCII (``FormBoundary``), so the one CR is the first byte.
    private let delimiter: [UInt8]
    private var phase = Phase.preamble
    /// Bytes held across chunks: the preamble (after a virtual CRLF, so a body opening with
    /// `--boundary` matches), a header block so far, or a body's tail that may start a delimiter.
    private var held: [UInt8] = [cr, lf]
    /// Where `held` starts in the body, and where the current chunk started.
    private var heldOffset = -2
    private var chunkOffset = 0
    /// Header bytes of the current part, padding after its delimiter included.
    private var headerBytes = 0
    private var earlyCheck = PartHeaders.EarlyCheck()
    private var partsCompleted = 0
    private var events: [FormEvent] = []

    /// A feed for a body whose parts are separated by `boundary`.
    init(boundary: String) {
        delimiter = Array("\r\n--\(boundary)".utf8)
    }

    /// Parses the next chunk of the body; returns what it held.
    func feed(_ chunk: ByteBuffer) throws(APIFailure) -> [FormEvent] {
        defer { events.removeAll(keepingCapacity: true) }
        var chunk = chunk
        let start = chunk.readerIndex
        while chunk.readableBytes > 0 {
            let offset = chunkOffset + chunk.readerIndex - start
            switch phase {
            case .preamble: try preamble(&chunk)
            case .delimiterEnd(let state): try delimiterEnd(state, &chunk, offset: offset)
            case .headers: try headers(&chunk)
            case .body: body(&chunk)
            case .epilogue: chunk.moveReaderIndex(forwardBy: chunk.readableBytes)
            }
        }
        chunkOffset += chunk.readerIndex - start
        return events
    }

    /// Checks that the body ended where a multipart body ends: after the closing delimiter.
    func finish() throws(APIFailure) {
        switch phase {
        case .epilogue:
            return
        case .preamble:
            throw .badBoundary("the body holds no part: the boundary of the Content-Type never appears")
        default:
            throw .badRequest(.truncatedBody, "the body ended at byte \(chunkOffset) before the closing boundary: the upload is incomplete")
        }
    }

    // MARK: - Phases

    private func preamble(_ chunk: inout ByteBuffer) throws(APIFailure) {
        let budget = Self.maxPartHeaderBytes + delimiter.count
        let searchFrom = max(0, held.count - delimiter.count + 1)
        let taken = chunk.readSlice(length: min(chunk.readableBytes, budget - held.count))!
        held += taken.readableBytesView
        if let match = firstMatch(of: delimiter, in: held, from: searchFrom) {
            giveBack(held.count - (match + delimiter.count), of: &chunk)
            enterDelimiterEnd()
        } else if held.count >= budget {
            throw .badBoundary("the boundary of the Content-Type does not appear in the first \(Self.maxPartHeaderBytes / 1024) KiB of the body")
        }
    }

    private func delimiterEnd(_ state: DelimiterEnd, _ chunk: inout ByteBuffer, offset: Int) throws(APIFailure) {
        let byte = chunk.readInteger(as: UInt8.self)!
        switch (state, byte) {
        case (.start, Self.dash):
            phase = .delimiterEnd(.dash)
        case (.dash, Self.dash):
            guard partsCompleted > 0 else { throw PartHeaders.malformed("the body closes without a part", at: offset) }
            phase = .epilogue
        case (.start, 0x20), (.start, 0x09), (.padding, 0x20), (.padding, 0x09):
            headerBytes += 1
            guard headerBytes <= Self.maxPartHeaderBytes else { throw headersTooLarge() }
            phase = .delimiterEnd(.padding)
        case (.start, Self.cr), (.padding, Self.cr):
            phase = .delimiterEnd(.cr)
        case (.cr, Self.lf):
            phase = .headers
            held = []
            earlyCheck = PartHeaders.EarlyCheck()
            heldOffset = offset + 1
        default:
            throw PartHeaders.malformed("a boundary line must end with CRLF (or `--` for the last)", at: offset)
        }
    }

    private func headers(_ chunk: inout ByteBuffer) throws(APIFailure) {
        let budget = Self.maxPartHeaderBytes - headerBytes + 4
        let searchFrom = max(0, held.count - 3)
        let taken = chunk.readSlice(length: min(chunk.readableBytes, budget - held.count + 1))!
        held += taken.readableBytesView
        let end: (block: Int, next: Int)?
        if held.starts(with: [Self.cr, Self.lf]) {
            end = (0, 2)
        } else if let match = firstMatch(of: [Self.cr, Self.lf, Self.cr, Self.lf], in: held, from: searchFrom) {
            end = (match, match + 4)
        } else {
            end = nil
        }
        guard let end else {
            try earlyCheck.advance(over: held, offset: heldOffset)
            if held.count > budget { throw headersTooLarge() }
            return
        }
        guard headerBytes + end.next <= Self.maxPartHeaderBytes + 4 else { throw headersTooLarge() }
        giveBack(held.count - end.next, of: &chunk)
        events.append(.partStart(try PartHeaders.parse(held[..<end.block], offset: heldOffset)))
        held = []
        phase = .body
    }

    /// Hands on the chunk up to the next delimiter (or up to a tail that may start one, held over).
    private func body(_ chunk: inout ByteBuffer) {
        if !held.isEmpty {
            // The held tail is a proper prefix of the delimiter; does the chunk complete it?
            let more = Array(chunk.readableBytesView.prefix(delimiter.count - held.count))
            let joined = held + more
            if delimiter.starts(with: joined) {
                chunk.moveReaderIndex(forwardBy: more.count)
                if joined.count == delimiter.count { held = []; endPart() } else { held = joined }
                return
            }
            // Not a delimiter, and none starts inside the tail (its only CR is its first byte).
            events.append(.body(ByteBuffer(bytes: held)))
            held = []
        }
        switch scan(chunk) {
        case .none:
            emit(chunk.readSlice(length: chunk.readableBytes)!)
        case .partial(let at):
            emit(chunk.readSlice(length: at)!)
            held = Array(chunk.readableBytesView)
            chunk.moveReaderIndex(forwardBy: chunk.readableBytes)
        case .found(let at):
            emit(chunk.readSlice(length: at)!)
            chunk.moveReaderIndex(forwardBy: delimiter.count)
            endPart()
        }
    }

    // MARK: - Helpers

    private enum Scan { case none, partial(Int), found(Int) }

    /// The first delimiter in `chunk`, or the start of a tail that is a prefix of it.
    private func scan(_ chunk: ByteBuffer) -> Scan {
        chunk.withUnsafeReadableBytes { bytes -> Scan in
            guard let base = bytes.baseAddress else { return .none }
            var from = 0
            while from < bytes.count, let hit = memchr(base + from, Int32(Self.cr), bytes.count - from) {
                let at = base.distance(to: UnsafeRawPointer(hit))
                let available = bytes.count - at
                let compared = min(available, delimiter.count)
                if memcmp(hit, delimiter, compared) == 0 {
                    return available >= delimiter.count ? .found(at) : .partial(at)
                }
                from = at + 1
            }
            return .none
        }
    }

    private func emit(_ slice: ByteBuffer) {
        guard slice.readableBytes > 0 else { return }
        events.append(.body(slice))
    }

    private func endPart() {
        events.append(.partEnd)
        partsCompleted += 1
        enterDelimiterEnd()
    }

    private func enterDelimiterEnd() {
        phase = .delimiterEnd(.start)
        headerBytes = 0
        held = []
    }

    /// Returns the last `count` bytes taken from `chunk` (they belong to the next phase).
    private func giveBack(_ count: Int, of chunk: inout ByteBuffer) {
        chunk.moveReaderIndex(to: chunk.readerIndex - count)
    }

    private func firstMatch(of needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = from
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    private func headersTooLarge() -> APIFailure {
        .badRequest(.partHeadersTooLarge, "a part's headers exceed \(Self.maxPartHeaderBytes / 1024) KiB")
    }
}

extension APIFailure {
    /// 400 `bad_boundary`.
    static func badBoundary(_ message: String) -> APIFailure { .badRequest(.badBoundary, message) }
}
