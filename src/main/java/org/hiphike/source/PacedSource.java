package org.hiphike.source;

import java.io.IOException;
import org.hiphike.core.ImuSample;

/**
 * Decorator that releases another source's samples at the pace of their timestamps (see {@link Pace}).
 * The pipeline behind it sees the same samples in the same order at any speed.
 */
public final class PacedSource implements SampleSource {
    private final SampleSource inner;
    private final Pace pace;

    public PacedSource(SampleSource inner, Pace pace) {
        this.inner = inner;
        this.pace = pace;
    }

    public Pace pace() { return pace; }

    @Override
    public void run(SampleListener listener) throws IOException {
        inner.run(new SampleListener() {
            @Override
            public void sample(ImuSample sample) {
                try {
                    if (!pace.awaitDue(sample.timeS())) {
                        inner.close();
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    inner.close();
                    return;
                }
                listener.sample(sample);
            }

            @Override
            public void status(SourceStatus status) { listener.status(status); }
        });
    }

    @Override
    public String description() {
        double s = pace.speed();
        return inner.description() + (s == 0 ? " at max speed" : s == 1 ? "" : " at " + formatSpeed(s) + "x");
    }

    @Override
    public java.util.Map<String, String> metadata() { return inner.metadata(); }

    static String formatSpeed(double s) { return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s); }

    @Override
    public void close() {
        pace.close();
        inner.close();
    }
}
