package org.hiphike.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.hiphike.core.ImuSample;

/** What every decoder must guarantee on any input whatsoever. */
final class DecoderProperties {
    private DecoderProperties() {}

    /** Every decoder, as the fuzz and mutation tests run them. */
    static final List<Supplier<SampleDecoder>> ALL = List.of(
            HiphikeDecoder::new,
            () -> new WitMotionSerialDecoder(100),
            () -> new WitMotionBleDecoder(100),
            Ximu3AsciiDecoder::new,
            Ximu3BinaryDecoder::new,
            () -> new CsvLinesDecoder(CsvLinesFormat.DEFAULT, 0),
            () -> new CsvLinesDecoder(CsvLinesFormat.DEFAULT.withColumns(CsvLinesFormat.parseColumns("ax,ay,az,gx,gy,gz"))
                    .withAccSpec("counts:16384").withGyroSpec("rads"), 100));

    /**
     * Decodes {@code data} whole and in three pieces: no exception, only finite plausible samples with
     * non-decreasing times, counters that add up, and the same result however the bytes are split.
     */
    static void check(Supplier<SampleDecoder> make, byte[] data) {
        SampleDecoder whole = make.get();
        Streams.Collector a = Streams.decodeAll(whole, data);
        double last = 0;
        for (ImuSample s : a.samples) {
            assertTrue(Plausibility.plausible(s), "implausible sample " + s);
            assertTrue(s.timeS() >= last, "time goes back: " + s.timeS() + " after " + last);
            last = s.timeS();
        }
        DecoderStats st = whole.stats();
        assertEquals(data.length, st.bytes());
        assertEquals(a.samples.size(), st.samples());
        for (long v : new long[] {st.frames(), st.badFrames(), st.lostFrames(), st.skippedBytes(), st.unknownMessages(),
                st.rejectedSamples(), st.clockJumps(), st.frameBytes()}) {
            assertTrue(v >= 0, "negative counter in " + st);
        }
        assertTrue(st.frameBytes() <= st.bytes(), "frame bytes exceed input: " + st);

        SampleDecoder pieces = make.get();
        Streams.Collector b = new Streams.Collector();
        int cut1 = data.length / 3;
        int cut2 = 2 * data.length / 3;
        pieces.decode(data, 0, cut1, b);
        pieces.decode(data, cut1, cut2 - cut1, b);
        pieces.decode(data, cut2, data.length - cut2, b);
        pieces.finish(b);
        assertEquals(a.samples, b.samples, "splitting the input changes the samples");
        assertEquals(st, pieces.stats(), "splitting the input changes the counters");
    }
}
