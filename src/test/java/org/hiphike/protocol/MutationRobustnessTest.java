package org.hiphike.protocol;

import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link DecoderProperties} on thousands of randomly mutated valid streams of every protocol, fed to
 * every decoder: a deterministic, always-on complement to the Jazzer fuzz tests.
 */
class MutationRobustnessTest {

    @Test
    void everyDecoderSurvivesMutatedStreamsOfEveryProtocol() {
        List<byte[]> bases = List.of(
                Streams.hiphikeStream(Streams.samples(12, 100, 1, true), 3, 0xFFFFFF00L, 100),
                Streams.witSerialStream(Streams.witSamples(8, 100, 2)),
                Streams.witBleStream(Streams.witSamples(8, 100, 3)),
                Streams.ximu3AsciiStream(Streams.fourDecimalSamples(8, 100, 4), 1_000_000, 100),
                Streams.ximu3BinaryStream(Streams.samples(8, 100, 5, false), 0x0ADB, 100),
                Streams.csvLinesStream(Streams.fourDecimalSamples(8, 100, 6), 0, 100));
        Random r = new Random(42);
        for (int round = 0; round < 400; round++) {
            for (byte[] base : bases) {
                byte[] m = mutate(base, r);
                for (Supplier<SampleDecoder> d : DecoderProperties.ALL) DecoderProperties.check(d, m);
                ProtocolDetector.detect(m, DecoderOptions.DEFAULT);
            }
        }
    }

    private static byte[] mutate(byte[] base, Random r) {
        byte[] m = base.clone();
        int kind = r.nextInt(4);
        int edits = 1 + r.nextInt(8);
        for (int e = 0; e < edits; e++) {
            int i = r.nextInt(m.length);
            switch (kind) {
                case 0 -> m[i] ^= (byte) (1 << r.nextInt(8));
                case 1 -> m[i] = (byte) r.nextInt(256);
                case 2 -> m[i] = (byte) new int[] {0x00, 0x0A, 0x0D, 0x55, 0xDB, 0xFF, ',', '-', '.', 'e'}[r.nextInt(10)];
                default -> {
                    int j = r.nextInt(m.length);
                    int n = Math.min(r.nextInt(40), Math.min(m.length - i, m.length - j));
                    System.arraycopy(m, i, m, j, n);
                }
            }
        }
        return m;
    }
}
