package org.hiphike.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed corpus of {@link DecoderFuzzTest}: short valid streams of each protocol. Checks that the
 * committed seeds exist; run with {@code -Dhiphike.writeFuzzSeeds=true} to (re)write them.
 */
class FuzzSeedsTest {
    static final Path DIR = Path.of("src", "test", "resources", "org", "hiphike", "protocol", "DecoderFuzzTestInputs");

    static Map<String, byte[]> seeds() throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("hiphike/imu_batch", Streams.hiphikeStream(Streams.samples(6, 100, 1, true), 3, 0xFFFFFF00L, 100));
        m.put("hiphike/status", Streams.frame(0x03, 5, Streams.statusPayload(1000, 3900, 50)));
        Path vectors = Path.of("firmware-protocol", "vectors");
        for (String v : new String[] {"corrupt_crc", "replies", "too_short_too_long", "bad_length"}) {
            Path hex = vectors.resolve(v + ".hex");
            if (Files.exists(hex)) m.put("hiphike/" + v, HexFormat.of().parseHex(Files.readString(hex).replaceAll("\\s+", "")));
        }
        m.put("witmotionSerial/cycles", Streams.witSerialStream(Streams.witSamples(4, 100, 2)));
        m.put("witmotionBle/packets", Streams.witBleStream(Streams.witSamples(4, 100, 3)));
        m.put("ximu3Ascii/lines", Streams.ximu3AsciiStream(Streams.fourDecimalSamples(10, 100, 4), 1_000_000, 100));
        m.put("ximu3Binary/messages", Streams.ximu3BinaryStream(Streams.samples(10, 100, 5, false), 0x0ADB, 100));
        m.put("csvLines/millis", Streams.csvLinesStream(Streams.fourDecimalSamples(5, 100, 6), 4_294_967_000L, 100));
        m.put("detection/witmotion", Streams.witSerialStream(Streams.witSamples(8, 100, 7)));
        m.put("detection/ximu3", Streams.ximu3AsciiStream(Streams.fourDecimalSamples(8, 100, 8), 0, 100));
        return m;
    }

    @Test
    void seedsAreCommitted() throws IOException {
        Map<String, byte[]> seeds = seeds();
        if (Boolean.getBoolean("hiphike.writeFuzzSeeds")) {
            for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
                Path p = DIR.resolve(e.getKey());
                Files.createDirectories(p.getParent());
                Files.write(p, e.getValue());
            }
        }
        for (String name : new String[] {"hiphike/imu_batch", "witmotionSerial/cycles", "witmotionBle/packets",
                "ximu3Ascii/lines", "ximu3Binary/messages", "csvLines/millis", "detection/witmotion"}) {
            assertTrue(Files.isRegularFile(DIR.resolve(name)), "missing fuzz seed " + name);
        }
    }
}
