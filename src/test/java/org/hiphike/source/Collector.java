package org.hiphike.source;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.hiphike.core.ImuSample;

/** A listener that keeps what a source delivers and lets a test await conditions on it (with timeouts). */
final class Collector implements SampleListener {
    final List<ImuSample> samples = new ArrayList<>();
    final List<SourceStatus> statuses = new ArrayList<>();

    @Override
    public synchronized void sample(ImuSample sample) {
        samples.add(sample);
        notifyAll();
    }

    @Override
    public synchronized void status(SourceStatus status) {
        statuses.add(status);
        notifyAll();
    }

    synchronized int sampleCount() { return samples.size(); }

    synchronized boolean sawState(SourceStatus.State s) {
        return statuses.stream().anyMatch(x -> x.state() == s);
    }

    synchronized SourceStatus.State lastState() {
        return statuses.isEmpty() ? null : statuses.get(statuses.size() - 1).state();
    }

    synchronized List<ImuSample> samplesCopy() { return List.copyOf(samples); }

    /** Waits until {@code condition} holds, at most {@code timeoutMs}; false on timeout. */
    synchronized boolean await(BooleanSupplier condition, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Starts {@code source.run(this)} on a thread; exceptions end up in {@link #failure}. */
    Thread runOn(SampleSource source) {
        Thread t = new Thread(() -> {
            try {
                source.run(this);
            } catch (Exception e) {
                synchronized (this) {
                    failure = e;
                    notifyAll();
                }
            }
        }, "source-reader");
        t.setDaemon(true);
        t.start();
        return t;
    }

    volatile Exception failure;
}
