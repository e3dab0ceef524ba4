package vn.p06.fleet.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet server's HTTP side on Netty. The pipeline, in order: TLS (when HTTPS), HTTP codec, 100-continue, an
 * idle timeout, the streaming handlers (each takes the requests of its own paths whole — large
 * uploads, file downloads, event streams — and passes every other message on), gzip for the
 * router's text answers (after the streaming handlers, so zero-copy blobs, ranges and the event
 * stream pass by it), an aggregator with a body limit, then the router on a blocking executor group.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    /** Largest request body; content uploads (chunked, resumable) come in pieces below it. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final int IDLE_SECONDS = 60;

    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers = new NioEventLoopGroup();
    private final EventExecutorGroup blocking = new DefaultEventExecutorGroup(8);
    private final RouteHandler routes;
    /** Open connections, each until its pipeline is torn down (see {@link #close()}). */
    private final Map<Channel, CompletableFuture<Void>> connections = new ConcurrentHashMap<>();
    private final List<Supplier<ChannelHandler>> streamingHandlers;
    private volatile SslContext tls;
    private Channel channel;

    public HttpServer(Router router) {
        this(router, List.of());
    }

    /**
     * @param streamingHandlers one factory per streaming handler, called per connection (a handler
     *                          that keeps per-request state must not be shared)
     */
    public HttpServer(Router router, List<Supplier<ChannelHandler>> streamingHandlers) {
        this.routes = new RouteHandler(router);
        this.streamingHandlers = List.copyOf(streamingHandlers);
    }

    /** Serves HTTPS with this context instead of HTTP; call before {@link #start}. */
    public HttpServer tls(SslContext context) {
        this.tls = context;
        return this;
    }

    /** Binds and returns the bound port (useful with port 0). */
    public int start(String bindAddress, int port) throws InterruptedException {
        channel = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline pipeline = ch.pipeline();
                        CompletableFuture<Void> tornDown = new CompletableFuture<>();
                        connections.put(ch, tornDown);
                        // First in the pipeline, so removed last: the connection is fully torn down.
                        pipeline.addLast("teardown", new ChannelHandlerAdapter() {
                            @Override
                            public void handlerRemoved(ChannelHandlerContext ctx) {
                                connections.remove(ch);
                                tornDown.complete(null);
                            }
                        });
                        if (tls != null) {
                            pipeline.addLast("tls", tls.newHandler(ch.alloc()));
                        }
                        pipeline.addLast("codec", new HttpServerCodec());
                        pipeline.addLast("continue", new HttpServerExpectContinueHandler());
                        pipeline.addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS) {
                            @Override
                            protected void channelIdle(ChannelHandlerContext ctx,
                                                       io.netty.handler.timeout.IdleStateEvent evt) {
                                ctx.close();
                            }
                        });
                        streamingHandlers.forEach(handler -> pipeline.addLast(handler.get()));
                        pipeline.addLast("gzip", new TextCompressor());
                        pipeline.addLast("aggregator", new HttpObjectAggregator(MAX_BODY_BYTES));
                        pipeline.addLast(blocking, "routes", routes);
                    }
                })
                .bind(bindAddress, port).sync().channel();
        int bound = ((InetSocketAddress) channel.localAddress()).getPort();
        log.info("HTTP listening on {}:{}", bindAddress, bound);
        return bound;
    }

    /**
     * Stops accepting, closes the connections and waits until their pipelines are torn down, then
     * stops the threads. The teardown of a connection hops between its worker loop and the blocking
     * group (the router runs there); shutting either down first makes the other's hop fail with
     * "event executor terminated".
     */
    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        List<CompletableFuture<Void>> tornDown = List.copyOf(connections.values());
        connections.keySet().forEach(Channel::close);
        try {
            CompletableFuture.allOf(tornDown.toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("{} connection(s) not torn down within 2 s; stopping anyway", connections.size());
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        blocking.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
