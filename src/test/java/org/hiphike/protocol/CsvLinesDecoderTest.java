package org.hiphike.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hiphike.core.ImuSample;
import org.junit.jupiter.api.Test;

class CsvLinesDecoderTest {

    private static List<ImuSample> decode(CsvLinesDecoder d, String text) {
        return Streams.decodeAll(d, text.getBytes(StandardCharsets.US_ASCII)).samples;
    }

    @Test
    void defaultFormatMillisecondsGAndDps() {
        List<ImuSample> in = Streams.fourDecimalSamples(100, 50, 1);
        CsvLinesDecoder d = new CsvLinesDecoder(CsvLinesFormat.DEFAULT, 0);
        List<ImuSample> out = Streams.decodeAll(d, Streams.csvLinesStream(in, 123456, 50)).samples;
        assertEquals(100, out.size());
        for (int i = 0; i < 100; i++) {
            assertTrue(Streams.sameValues(in.get(i), out.get(i), 1e-9));
            assertEquals(i * 0.02, out.get(i).timeS(), 1e-9);
        }
        assertEquals(1, d.stats().unknownMessages());
        assertEquals(TimeSource.DEVICE, d.timeSource());
    }

    @Test
    void otherColumnOrderUnitsAndSeparators() {
        CsvLinesFormat f = CsvLinesFormat.DEFAULT
                .withColumns(CsvLinesFormat.parseColumns("gx,gy,gz,-,ax,ay,az,t"))
                .withTimeUnit(CsvLinesFormat.TimeUnit.MICROSECONDS)
                .withAccSpec("mps2")
                .withGyroSpec("rads");
        CsvLinesDecoder d = new CsvLinesDecoder(f, 0);
        List<ImuSample> out = decode(d, "# a comment\n"
                + "3.14159265358979 0 0 99 9.80665 0 -9.80665 4294967000\r\n"   // tab/space separated, micros() near wrap
                + "0;0;0;99;0;9.80665;0;704\n");                               // wrapped: 1000 µs later
        assertEquals(2, out.size());
        assertEquals(180.0, out.get(0).gyroDps().x(), 1e-9);
        assertEquals(1.0, out.get(0).accG().x(), 1e-12);
        assertEquals(-1.0, out.get(0).accG().z(), 1e-12);
        assertEquals(1.0, out.get(1).accG().y(), 1e-12);
        assertEquals(0.001, out.get(1).timeS(), 1e-12);
    }

    @Test
    void rawCountsAndNoTimeColumnRebuildsTime() {
        CsvLinesFormat f = CsvLinesFormat.DEFAULT.withColumns(CsvLinesFormat.parseColumns("ax,ay,az,gx,gy,gz"))
                .withAccSpec("counts:16384").withGyroSpec("counts:131");
        CsvLinesDecoder d = new CsvLinesDecoder(f, 100);
        List<ImuSample> out = decode(d, "ax ay az gx gy gz\n0 16384 0 131 0 0\n0 16384 0 oops 0 0\n-16384 0 0 0 0 262\n");
        assertEquals(2, out.size());
        assertEquals(1.0, out.get(0).accG().y(), 0);
        assertEquals(1.0, out.get(0).gyroDps().x(), 0);
        assertEquals(2.0, out.get(1).gyroDps().z(), 0);
        assertEquals(0.02, out.get(1).timeS(), 1e-12);       // the bad line is a lost sample
        assertEquals(1, d.stats().badFrames());
        assertEquals(1, d.stats().lostFrames());
        assertEquals(TimeSource.REBUILT, d.timeSource());
    }

    @Test
    void splitAtEveryByteBoundary() {
        byte[] stream = Streams.csvLinesStream(Streams.fourDecimalSamples(4, 100, 2), 5, 100);
        List<ImuSample> whole = Streams.decodeAll(new CsvLinesDecoder(CsvLinesFormat.DEFAULT, 0), stream).samples;
        assertEquals(4, whole.size());
        for (int cut = 0; cut <= stream.length; cut++) {
            CsvLinesDecoder d = new CsvLinesDecoder(CsvLinesFormat.DEFAULT, 0);
            Streams.Collector c = new Streams.Collector();
            d.decode(stream, 0, cut, c);
            d.decode(stream, cut, stream.length - cut, c);
            d.finish(c);
            assertEquals(whole, c.samples, "cut at " + cut);
        }
    }

    @Test
    void badFormatsAreExplained() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsvLinesFormat.DEFAULT.withColumns(CsvLinesFormat.parseColumns("t,ax,ay,az,gx,gy")));
        assertTrue(e.getMessage().contains("gz"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CsvLinesFormat.parseColumns("t,ax,foo"));
        assertThrows(IllegalArgumentException.class, () -> CsvLinesFormat.DEFAULT.withAccSpec("counts:0"));
        assertThrows(IllegalArgumentException.class, () -> CsvLinesFormat.parseTimeUnit("min"));
    }

    @Test
    void numberParser() {
        String[] ok = {"0", "-0.5", "+12.25", "1e3", "-1.5E-2", "123456789.123456", ".5", "5.", "0.1", "1234567890123456789"};
        for (String s : ok) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            assertEquals(Double.parseDouble(s), Ascii.parseDouble(b, 0, b.length), 0, s);
        }
        for (String s : new String[] {"", "-", ".", "1e", "1.2.3", "abc", "1,2", "--1", "1e+"}) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            assertTrue(Double.isNaN(Ascii.parseDouble(b, 0, b.length)), s);
        }
    }
}
