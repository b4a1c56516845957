package org.hiphike.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Decoders allocate per emitted sample (the ImuSample and its vectors, about 100 bytes), never per byte:
 * measured with the JVM's per-thread allocation counter after warm-up.
 */
class AllocationTest {

    @Test
    void allocationPerSampleIsJustTheSample() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no allocation counter in this JVM");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        long me = Thread.currentThread().getId();
        SampleSink discard = s -> { };
        for (Protocol p : Protocol.values()) {
            byte[] stream = SyntheticStreams.stream(p, 20_000, 100, 3);
            DecoderOptions o = DecoderOptions.DEFAULT.withRateHz(100);
            for (int warm = 0; warm < 5; warm++) feed(Decoders.create(p, o), stream, discard);
            SampleDecoder d = Decoders.create(p, o);
            long before = threads.getThreadAllocatedBytes(me);
            feed(d, stream, discard);
            long allocated = threads.getThreadAllocatedBytes(me) - before;
            double perSample = (double) allocated / d.stats().samples();
            System.out.printf("%s: %.1f bytes allocated per sample (%.3f per input byte)%n", p.cliName(), perSample,
                    (double) allocated / stream.length);
            // ImuSample (32 B) + 2 Vec3 (2 x 40 B) = 112 B with compressed oops; allow for the record header layout
            assertTrue(perSample <= 160, p.cliName() + " allocates " + perSample + " bytes per sample");
        }
    }

    private static void feed(SampleDecoder d, byte[] stream, SampleSink sink) {
        for (int off = 0; off < stream.length; off += 4096) d.decode(stream, off, Math.min(4096, stream.length - off), sink);
        d.finish(sink);
    }
}
