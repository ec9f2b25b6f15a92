import MultipartKit
import NIOCore

/// What the form's parser saw in one fed chunk, in order.
enum FormEvent {
    /// A part begins; its headers (name, value), as sent.
    case partStart([(name: String, value: String)])
    /// Bytes of the current part's body (consecutive slices merged).
    case body(ByteBuffer)
    /// The current part ended.
    case partEnd
}

/// Drives multipart-kit's callback `MultipartParser` over a streamed body, turning its callbacks
/// into `FormEvent`s per chunk, and adds what the parser leaves to its caller: a cap on each part's
/// headers (16 KiB), a boundary that must appear early, and telling a complete body from a
/// truncated one.
final class MultipartFeed {
    /// The most header bytes one part may have (and the longest preamble before the first boundary).
    static let maxPartHeaderBytes = 16 * 1024
    /// While a part's headers are read, chunks are fed in slices this long, so the cap is kept
    /// even for a header line that never ends.
    static let headerSliceLength = 1024

    private let parser: MultipartParser
    private var events: [FormEvent] = []
    private var headers: [(name: String, value: String)] = []
    /// True from a part's start until its first body byte (and before the first boundary).
    private var inHeaders = true
    /// Header bytes of the current part: fed in slices while in headers, and those of its completed
    /// lines (a chunk fed whole may hold a part's start); the larger counts.
    private var fedHeaderBytes = 0
    private var lineHeaderBytes = 0
    /// Whether the first boundary was found: the body opens with it, or a callback came.
    private var boundarySeen = false
    /// `--boundary`, and the body's first bytes until they can be compared with it.
    private let delimiter: [UInt8]
    private var opening: [UInt8] = []
    private var partsCompleted = 0
    private var failure: APIFailure?
    /// Set while the end-of-body probe runs: callbacks then only say they fired.
    private var probing = false
    private var probeFired = false

    /// A feed for a body whose parts are separated by `boundary`.
    init(boundary: String) {
        parser = MultipartParser(boundary: boundary)
        delimiter = Array("--\(boundary)".utf8)
        parser.onHeader = { [unowned self] name, value in self.header(name, value) }
        parser.onBody = { [unowned self] slice in self.body(slice) }
        parser.onPartComplete = { [unowned self] in self.partComplete() }
    }

    /// Parses the next chunk of the body; returns what it held.
    func feed(_ chunk: ByteBuffer) throws(APIFailure) -> [FormEvent] {
        noteOpening(chunk)
        var chunk = chunk
        while chunk.readableBytes > 0 {
            if inHeaders {
                let slice = chunk.readSlice(length: min(Self.headerSliceLength, chunk.readableBytes))!
                try execute(slice)
                if inHeaders { fedHeaderBytes += slice.readableBytes }
                try checkHeaderBudget()
            } else {
                let rest = chunk.readSlice(length: chunk.readableBytes)!
                try execute(rest)
                try checkHeaderBudget()
            }
        }
        defer { events.removeAll(keepingCapacity: true) }
        return events
    }

    /// Checks that the body ended where a multipart body ends: after the closing boundary.
    func finish() throws(APIFailure) {
        if let failure { throw failure }
        guard boundarySeen else {
            throw .badBoundary("the body holds no part: the boundary of the Content-Type never appears")
        }
        // Feed bytes that only a parser stuck inside a part reacts to; after the closing boundary
        // (the epilogue) they are ignored.
        probing = true
        do { try parser.execute(ByteBuffer(string: "\r\n\r\nx")) } catch { probeFired = true }
        if probeFired || partsCompleted == 0 {
            throw .badRequest(.truncatedBody, "the body ended before the closing boundary: the upload is incomplete")
        }
    }

    /// Whether the body opens with the delimiter (as every client sends it, without a preamble),
    /// so a first part's over-long header is told from a missing boundary.
    private func noteOpening(_ chunk: ByteBuffer) {
        guard !boundarySeen, opening.count < delimiter.count + 2 else { return }
        opening += chunk.readableBytesView.prefix(delimiter.count + 2 - opening.count)
        let body = opening.starts(with: Array("\r\n".utf8)) ? opening.dropFirst(2) : opening[...]
        if body.starts(with: delimiter) { boundarySeen = true }
    }

    private func execute(_ buffer: ByteBuffer) throws(APIFailure) {
        do {
            try parser.execute(buffer)
        } catch {
            throw .badRequest(.malformedMultipart, "the multipart body is malformed (a boundary or part header breaks RFC 7578)")
        }
        if let failure { throw failure }
    }

    private func checkHeaderBudget() throws(APIFailure) {
        guard inHeaders, max(fedHeaderBytes, lineHeaderBytes) > Self.maxPartHeaderBytes else { return }
        guard boundarySeen else {
            throw .badBoundary("the boundary of the Content-Type does not appear in the first \(Self.maxPartHeaderBytes / 1024) KiB of the body")
        }
        throw .badRequest(.partHeadersTooLarge, "a part's headers exceed \(Self.maxPartHeaderBytes / 1024) KiB")
    }

    private func header(_ name: String, _ value: String) {
        guard !probing else { probeFired = true; return }
        boundarySeen = true
        headers.append((name, value))
        lineHeaderBytes += name.utf8.count + value.utf8.count + 4
        if lineHeaderBytes > Self.maxPartHeaderBytes, failure == nil {
            failure = .badRequest(.partHeadersTooLarge, "a part's headers exceed \(Self.maxPartHeaderBytes / 1024) KiB")
        }
    }

    private func body(_ slice: ByteBuffer) {
        guard !probing else { probeFired = true; return }
        startPartIfNeeded()
        if case .body(var merged)? = events.last {
            events.removeLast()
            merged.writeImmutableBuffer(slice)
            events.append(.body(merged))
        } else {
            events.append(.body(slice))
        }
    }

    private func partComplete() {
        guard !probing else { probeFired = true; return }
        startPartIfNeeded()
        events.append(.partEnd)
        partsCompleted += 1
        inHeaders = true
        fedHeaderBytes = 0
        lineHeaderBytes = 0
    }

    private func startPartIfNeeded() {
        boundarySeen = true
        guard inHeaders else { return }
        inHeaders = false
        events.append(.partStart(headers))
        headers = []
    }
}

extension APIFailure {
    /// 400 `bad_boundary`.
    static func badBoundary(_ message: String) -> APIFailure { .badRequest(.badBoundary, message) }
}
