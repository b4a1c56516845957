package org.hiphike.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of every decoder (Jazzer). Without {@code JAZZER_FUZZ=1} each test runs on the
 * empty input and its seeds in {@code src/test/resources/org/hiphike/protocol/DecoderFuzzTestInputs/<method>/}
 * (written by {@link FuzzSeedsTest}); with it, one fuzz test per JVM fuzzes for {@code maxDuration}
 * (see docs/sensors.md for running them all).
 */
class DecoderFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void hiphike(byte[] data) {
        DecoderProperties.check(HiphikeDecoder::new, data);
    }

    @FuzzTest(maxDuration = "10s")
    void witmotionSerial(byte[] data) {
        DecoderProperties.check(() -> new WitMotionSerialDecoder(100), data);
    }

    @FuzzTest(maxDuration = "10s")
    void witmotionBle(byte[] data) {
        DecoderProperties.check(() -> new WitMotionBleDecoder(100), data);
    }

    @FuzzTest(maxDuration = "10s")
    void ximu3Ascii(byte[] data) {
        DecoderProperties.check(Ximu3AsciiDecoder::new, data);
    }

    @FuzzTest(maxDuration = "10s")
    void ximu3Binary(byte[] data) {
        DecoderProperties.check(Ximu3BinaryDecoder::new, data);
    }

    @FuzzTest(maxDuration = "10s")
    void csvLines(byte[] data) {
        DecoderProperties.check(DecoderProperties.ALL.get(5), data);
        DecoderProperties.check(DecoderProperties.ALL.get(6), data);
    }

    @FuzzTest(maxDuration = "10s")
    void detection(byte[] data) {
        ProtocolDetector.Detection d = ProtocolDetector.detect(data, DecoderOptions.DEFAULT);
        if (d.verdict() == ProtocolDetector.Verdict.DETECTED) {
            DecoderProperties.check(() -> Decoders.create(d.protocol().orElseThrow(), DecoderOptions.DEFAULT.withRateHz(100)), data);
        }
    }
}
