import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing
@testable import UploadServer

/// Counts the reads that reach the socket end of the pipeline.
private final class ReadCounter: ChannelOutboundHandler {
    typealias OutboundIn = Never
    var reads = 0
    func read(context: ChannelHandlerContext) {
        reads += 1
        context.read()
    }
}

@Suite("BodyReadWindow: a POST body is read no further ahead than the route has taken")
struct BodyReadWindowTests {
    private func channel() throws -> (EmbeddedChannel, ReadCounter, BodyReadWindow) {
        let counter = ReadCounter()
        let window = BodyReadWindow()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(counter)
        try channel.pipeline.syncOperations.addHandler(window)
        return (channel, counter, window)
    }

    private func head(_ method: HTTPRequest.Method) -> HTTPRequestPart {
        .head(HTTPRequest(method: method, scheme: nil, authority: "localhost", path: "/ml/projects/1/models/upload"))
    }

    @Test("one read beyond what was taken, then every read once the route lifts the window")
    func window() throws {
        let (channel, counter, window) = try channel()
        try channel.writeInbound(head(.post))
        channel.read()
        #expect(counter.reads == 1)
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(repeating: 1, count: 100)))
        channel.read()
        #expect(counter.reads == 1, "read while 100 bytes were not taken")
        window.allow(upTo: 60)
        #expect(counter.reads == 1)
        window.allow(upTo: 100)
        #expect(counter.reads == 2, "the held read goes once all was taken")
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(repeating: 1, count: 50)))
        channel.read()
        #expect(counter.reads == 2)
        window.allow(upTo: nil)
        #expect(counter.reads == 3)
        channel.read()
        #expect(counter.reads == 4)
        _ = try channel.finish()
    }

    @Test("other methods read freely; an answer that keeps the connection lifts the window, one that closes it does not")
    func answers() throws {
        let (channel, counter, _) = try channel()
        try channel.writeInbound(head(.get))
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(repeating: 1, count: 10)))
        channel.read()
        #expect(counter.reads == 1)

        try channel.writeInbound(head(.post))
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(repeating: 1, count: 10)))
        channel.read()
        #expect(counter.reads == 1)
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .continue)))
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .badRequest, headerFields: [.connection: "close"])))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        #expect(counter.reads == 1, "read after an answer that closes the connection")

        try channel.writeInbound(head(.post))
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(repeating: 1, count: 10)))
        channel.read()
        #expect(counter.reads == 1)
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .methodNotAllowed)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        #expect(counter.reads == 2, "the unread body of a kept connection is drained")
        _ = try channel.finish(acceptAlreadyClosed: true)
    }
}
