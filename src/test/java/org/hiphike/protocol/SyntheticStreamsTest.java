package org.hiphike.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.hiphike.cli.BenchDecodersCommand;
import org.hiphike.core.ImuSample;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SyntheticStreamsTest {

    @Test
    void everyProtocolsStreamDecodesAndIsDetected() {
        for (Protocol p : Protocol.values()) {
            byte[] s = SyntheticStreams.stream(p, 300, 100, 1);
            SampleDecoder d = Decoders.create(p, DecoderOptions.DEFAULT.withRateHz(100));
            List<ImuSample> out = Streams.decodeAll(d, s).samples;
            assertEquals(300, out.size(), p.cliName());
            assertEquals(2.99, out.get(299).timeS(), 1e-6, p.cliName());
            assertEquals(0.99, out.get(10).accG().y(), 0.02, p.cliName());
            assertEquals(0, d.stats().badFrames(), p.cliName());
            ProtocolDetector.Detection det = ProtocolDetector.detect(s, DecoderOptions.DEFAULT);
            assertEquals(p, det.protocol().orElseThrow(), det.describeScores());
        }
    }

    @Test
    void benchCommandPrintsATableRowPerProtocol() {
        CommandLine cl = new CommandLine(new BenchDecodersCommand());
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        int exit = cl.execute("--seconds", "0.05", "--warmup-seconds", "0", "--samples", "2000");
        assertEquals(0, exit);
        List<String> lines = out.toString().lines().toList();
        assertEquals(1 + Protocol.values().length, lines.size(), out.toString());
        assertTrue(lines.get(0).startsWith("protocol"));
        for (int i = 1; i < lines.size(); i++) {
            String[] cols = lines.get(i).trim().split("\\s+");
            assertTrue(Double.parseDouble(cols[1]) > 0, lines.get(i));
            assertTrue(Double.parseDouble(cols[2]) > 0, lines.get(i));
        }
    }
}
