package org.hiphike.protocol;

import org.hiphike.core.ImuSample;
import org.hiphike.core.Vec3;

/** Counters and sample emission shared by the decoders. */
abstract class AbstractDecoder implements SampleDecoder {
    protected long bytes;
    protected long frames;
    protected long samples;
    protected long badFrames;
    protected long lostFrames;
    protected long skippedBytes;
    protected long unknownMessages;
    protected long rejectedSamples;
    protected long frameBytes;
    protected final DeviceClock clock;

    AbstractDecoder(DeviceClock clock) {
        this.clock = clock;
    }

    @Override
    public DecoderStats stats() {
        return new DecoderStats(bytes, frames, samples, badFrames, lostFrames, skippedBytes, unknownMessages,
                rejectedSamples + timestampRejects(), clock.jumps() + timestampJumps(), frameBytes);
    }

    /** Samples dropped by a lookahead clock. */
    protected long timestampRejects() { return 0; }

    /** Clock steps confirmed by a lookahead clock. */
    protected long timestampJumps() { return 0; }

    /** Sink of the decode call in progress, for lookahead clocks that emit a held sample later. */
    protected SampleSink currentSink;

    /** Emits a held sample {@code [ax, ay, az, gx, gy, gz]} confirmed by a lookahead clock. */
    protected final LookaheadClock.Emitter heldEmitter = (timeS, v) -> emit(currentSink, timeS, v[0], v[1], v[2], v[3], v[4], v[5]);

    /** Emits a sample after the plausibility check; returns whether it was emitted. */
    protected final boolean emit(SampleSink sink, double timeS, double ax, double ay, double az,
                                 double gx, double gy, double gz) {
        if (!Plausibility.plausible(ax, ay, az, gx, gy, gz)) {
            rejectedSamples++;
            return false;
        }
        samples++;
        sink.sample(new ImuSample(timeS, new Vec3(ax, ay, az), new Vec3(gx, gy, gz)));
        return true;
    }

    protected final boolean emit(SampleSink sink, double timeS, double ax, double ay, double az,
                                 double gx, double gy, double gz, double mx, double my, double mz) {
        if (!Plausibility.plausible(ax, ay, az, gx, gy, gz) || !Plausibility.plausibleMag(mx, my, mz)) {
            rejectedSamples++;
            return false;
        }
        samples++;
        sink.sample(new ImuSample(timeS, new Vec3(ax, ay, az), new Vec3(gx, gy, gz), new Vec3(mx, my, mz)));
        return true;
    }
}
