import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Keeps the server from reading a POST body ahead of the route that takes it, until the route
/// says it wants the rest: then an upload refused at the gate has cost the server its first 64 KiB
/// and at most one read more, not the read-ahead of the connection's buffers (Hummingbird's
/// inbound stream asks for reads until ten messages wait, a read may bring four).
///
/// From a POST's head on, a read is let through only while every body byte passed on has been
/// taken by the route (`allow(upTo:)` with what it took), and a read brings one message. The route
/// lifts the window (`allow(upTo: nil)`) once the gate has passed. The end of an answer that keeps
/// the connection lifts it too, so a body left unread can be drained; after an answer that closes
/// the connection (`Connection: close`, as every refusal before the body is read) nothing more is
/// read.
final class BodyReadWindow: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Body bytes of the current request passed on.
    private var forwarded = 0
    /// Body bytes the route has taken; nil when reads are not held back.
    private var taken: Int?
    private var heldRead = false
    /// The answer being written closes the connection: the rest of the body is never read.
    private var closing = false
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        try? context.channel.syncOptions?.setOption(ChannelOptions.maxMessagesPerRead, value: 1)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            forwarded = 0
            taken = head.method == .post ? 0 : nil
        case .body(let buffer):
            forwarded += buffer.readableBytes
        case .end:
            break
        }
        context.fireChannelRead(data)
    }

    func read(context: ChannelHandlerContext) {
        if let taken, forwarded > taken {
            heldRead = true
        } else {
            context.read()
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let response) where response.status.kind != .informational:
            closing = response.headerFields[.connection]?.lowercased() == "close"
        case .end where !closing:
            allow(upTo: nil)
        default:
            break
        }
        context.write(data, promise: promise)
    }

    /// Lets reads through while the route has taken `taken` body bytes (nil: from now on, freely).
    func allow(upTo taken: Int?) {
        self.taken = taken
        guard heldRead, let context else { return }
        if let taken, forwarded > taken { return }
        heldRead = false
        context.read()
    }
}


/// The route's handle on its connection's `BodyReadWindow`, usable from any task.
struct BodyReadWindowHandle: Sendable {
    private let window: NIOLoopBound<BodyReadWindow>

    /// The window of `channel`'s pipeline, or nil when it has none (a test client, say).
    static func on(_ channel: any Channel) async -> BodyReadWindowHandle? {
        try? await channel.eventLoop.submit {
            BodyReadWindowHandle(window: NIOLoopBound(try channel.pipeline.syncOperations.handler(type: BodyReadWindow.self),
                                                      eventLoop: channel.eventLoop))
        }.get()
    }

    /// The route has taken `taken` body bytes and wants one read more (nil: read freely).
    func allow(upTo taken: Int?) {
        let window = window
        window.eventLoop.execute { window.value.allow(upTo: taken) }
    }
}
