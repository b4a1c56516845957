package org.hiphike.web;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * A WebSocket watcher of the live session whose messages waiting to be written are bounded. A page that stops
 * reading (a frozen tab, a dead link, a client that never reads) would otherwise keep every message the session
 * sends it in memory until the server runs out. Past {@link #MAX_QUEUED_CHARS} waiting it is dropped: it gets a
 * close frame saying why (a page that reconnects gets the whole state again in its hello), its connection is cut
 * shortly after, and the session goes on for everyone else.
 */
final class BoundedWsClient implements LiveSession.Client {
    /**
     * Characters of messages waiting for one client, at most. A page on a working connection has a few messages in
     * flight; a second of a replay at the fastest speed is well under this; a client this far behind is not showing
     * the live session.
     */
    static final long MAX_QUEUED_CHARS = 4L << 20;
    /** How long a dropped client has to read its close frame before its connection is cut, seconds. */
    static final long CLOSE_GRACE_S = 2;

    private final Session session;
    private final long maxQueuedChars;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicBoolean dropped = new AtomicBoolean();

    BoundedWsClient(Session session) { this(session, MAX_QUEUED_CHARS); }

    BoundedWsClient(Session session, long maxQueuedChars) {
        this.session = session;
        this.maxQueuedChars = maxQueuedChars;
    }

    @Override
    public boolean isOpen() { return !dropped.get() && session.isOpen(); }

    @Override
    public void send(String json) {
        if (dropped.get()) return;
        long len = json.length();
        if (queued.get() + len > maxQueuedChars) {
            drop();
            return;
        }
        queued.addAndGet(len);
        session.sendText(json, Callback.from(() -> queued.addAndGet(-len), e -> queued.addAndGet(-len)));
    }

    /** Characters of messages waiting to be written now. */
    long queuedChars() { return queued.get(); }

    boolean dropped() { return dropped.get(); }

    private void drop() {
        if (!dropped.compareAndSet(false, true)) return;
        session.close(StatusCode.TRY_AGAIN_LATER, "this page fell behind the live session (" + (queued.get() >> 10)
                + " kB waiting): reconnect", Callback.NOOP);
        CompletableFuture.delayedExecutor(CLOSE_GRACE_S, TimeUnit.SECONDS).execute(() -> {
            if (session.isOpen()) session.disconnect();
        });
    }
}
