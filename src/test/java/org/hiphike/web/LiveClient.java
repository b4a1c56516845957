package org.hiphike.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A test client of /ws/live: collects the JSON messages and awaits conditions on them with timeouts. */
final class LiveClient implements AutoCloseable {
    final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    final WebSocket socket;
    private final Object signal = new Object();

    LiveClient(URI uri, String origin) throws Exception {
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (origin != null) b.header("Origin", origin);
        socket = b.buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        messages.add(Messages.mapper().readTree(partial.toString()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    partial.setLength(0);
                    synchronized (signal) {
                        signal.notifyAll();
                    }
                }
                ws.request(1);
                return null;
            }
        }).get(5, TimeUnit.SECONDS);
    }

    /** Waits until a message matches, at most {@code timeoutS} seconds; returns it or fails. */
    JsonNode await(Predicate<JsonNode> condition, double timeoutS, String what) throws InterruptedException {
        return awaitAfter(0, condition, timeoutS, what);
    }

    /** {@link #await}, looking only at the messages from index {@code from} on (those after a {@code messages.size()}). */
    JsonNode awaitAfter(int from, Predicate<JsonNode> condition, double timeoutS, String what) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (timeoutS * 1e9);
        int seen = from;
        synchronized (signal) {
            while (true) {
                for (; seen < messages.size(); seen++) if (condition.test(messages.get(seen))) return messages.get(seen);
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new AssertionError("timed out after " + timeoutS + " s waiting for " + what);
                signal.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    static Predicate<JsonNode> type(String type) { return m -> type.equals(m.path("type").asText()); }

    /** A {@code source} message with the source in this state ({@code streaming}, {@code lost}...). */
    static Predicate<JsonNode> source(String state) {
        return m -> "source".equals(m.path("type").asText()) && state.equals(m.path("source").path("state").asText());
    }

    static Predicate<JsonNode> sourceEnded() {
        return m -> "source".equals(m.path("type").asText()) && "ended".equals(m.path("source").path("state").asText());
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        CompletableFuture.runAsync(socket::abort, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));
    }
}
