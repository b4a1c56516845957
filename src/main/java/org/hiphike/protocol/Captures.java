package org.hiphike.protocol;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hiphike.core.ImuSample;
import org.hiphike.core.SensorLimits;
import org.hiphike.recording.CsvRecordingWriter;
import org.hiphike.recording.Recording;

/**
 * Reads raw capture files (the bytes a sensor sent, in any supported protocol) into recordings.
 * A file that is already a CSV v1 recording is not a capture: see {@link #looksLikeCsvV1}.
 */
public final class Captures {
    private static final int CHUNK = 64 * 1024;

    private Captures() {}

    /**
     * Decodes {@code file} as {@code formatOrNullForAuto} (null: detect it) into a recording whose
     * metadata holds {@code source}, {@code rate_hz} (measured from device time, or the configured rate)
     * and {@code time_source: device|rebuilt}.
     *
     * @throws CaptureException when the file cannot be decoded (unknown protocol, no samples, missing rate)
     * @throws IOException      when the file cannot be read
     */
    public static Recording read(Path file, Protocol formatOrNullForAuto, CaptureOptions options) throws IOException {
        return decode(file, formatOrNullForAuto, options).recording();
    }

    /** As {@link #read}, with the decoder's counts and the device's self-description. */
    public static Capture decode(Path file, Protocol formatOrNullForAuto, CaptureOptions options) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CaptureException(Files.exists(file) ? file + " is not a file" : "no such file: " + file);
        }
        if (looksLikeCsvV1(file)) {
            throw new CaptureException(file + " is already a hiphike CSV v1 recording, not a sensor capture");
        }
        boolean detected = formatOrNullForAuto == null;
        String notARecording = whatItIsInstead(file);
        if (notARecording != null) throw new CaptureException("the file " + notARecording);
        Protocol protocol = detected ? detect(file, options) : formatOrNullForAuto;
        DecoderOptions decoderOptions = options.decoderOptions();
        TimeSource timeSource = Decoders.timeSource(protocol, decoderOptions);
        if (timeSource == TimeSource.REBUILT && options.rateHz().isEmpty()) {
            throw new CaptureException(protocol.cliName() + " carries no timestamps: give the sensor's output rate with --rate-hz"
                    + (protocol == Protocol.WITMOTION_SERIAL || protocol == Protocol.WITMOTION_BLE
                    ? " (WitMotion factory default: 10 Hz; see docs/sensors.md to set 100 Hz)" : ""));
        }
        SampleDecoder decoder = Decoders.create(protocol, decoderOptions);
        List<ImuSample> samples = new ArrayList<>();
        SampleSink sink = samples::add;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[CHUNK];
            int n;
            while ((n = in.read(buf)) > 0) decoder.decode(buf, 0, n, sink);
        } catch (NoSuchFileException e) {
            throw new CaptureException("no such file: " + file);
        }
        decoder.finish(sink);
        DecoderStats stats = decoder.stats();
        if (decoder instanceof HiphikeDecoder h && h.unsupportedVersion().isPresent()) {
            throw new CaptureException(file + ": the device speaks hiphike protocol " + h.unsupportedVersion().get()
                    + "; this version of hiphike reads protocol " + HiphikeDecoder.SUPPORTED_MAJOR + ".x");
        }
        if (samples.isEmpty()) {
            throw new CaptureException("no samples in " + file + " decoded as " + protocol.cliName() + " (" + stats.summary() + ")");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        Optional<DeviceInfo> info = decoder.deviceInfo();
        info.ifPresentOrElse(i -> meta.put("sensor", i.sensorModel()), () -> sensorName(protocol).ifPresent(s -> meta.put("sensor", s)));
        double rateHz;
        double measured = Recording.measuredRateHz(samples);
        String rateNote = null;
        if (timeSource == TimeSource.DEVICE && samples.size() >= 3 && !SensorLimits.plausibleRate(measured)) {
            throw new CaptureException(file + ": the timestamps give " + formatHz(measured) + " Hz, which no sensor here sends"
                    + (protocol == Protocol.CSV_LINES ? "; check the time unit (--csv-time-unit s|ms|us)" : ""));
        }
        double announced = info.isPresent() ? info.get().sampleRateHz() : 0;
        if (options.rateHz().isPresent()) {
            rateHz = options.rateHz().getAsDouble();
        } else if (announced != 0 && timeSource == TimeSource.DEVICE && samples.size() >= 10
                && !SensorLimits.ratesAgree(announced, measured)) {
            // The device's HELLO is checked against its own timestamps: the rate decides how many samples a gap lost.
            rateHz = measured;
            rateNote = String.format(java.util.Locale.ROOT, "the device announced %.4g Hz; its timestamps give %s Hz, used",
                    announced, formatHz(measured));
        } else if (SensorLimits.plausibleRate(announced)) {
            rateHz = announced;
        } else {
            rateHz = measured;
            if (announced != 0) rateNote = String.format(java.util.Locale.ROOT, "the device announced %.4g Hz, which no IMU "
                    + "streams at; not used", announced);
        }
        if (rateHz > 0) meta.put("rate_hz", formatHz(rateHz));
        if (rateNote != null) meta.put("rate_note", rateNote);
        meta.put("source", file.toString());
        meta.put("time_source", timeSource.metadataValue());
        meta.put("protocol", protocol.cliName());
        info.ifPresent(i -> {
            meta.put("device_id", i.deviceId());
            meta.put("firmware", i.firmwareVersion() + " (protocol " + i.protocolMajor() + "." + i.protocolMinor() + ")");
            meta.put("board", i.board());
            meta.put("axis_alignment", i.axisAlignment());
        });
        meta.put("decoder", stats.summary());
        Recording recording = new Recording(file.toString(), meta, samples);
        return new Capture(recording, protocol, detected, timeSource, stats, info, decoder.deviceStatus());
    }

    /** Detects the protocol of {@code file} from its first bytes. */
    public static ProtocolDetector.Detection detect(Path file, int headBytes, DecoderOptions options) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(headBytes);
        }
        return ProtocolDetector.detect(head, options);
    }

    private static Protocol detect(Path file, CaptureOptions options) throws IOException {
        ProtocolDetector.Detection d = detect(file, options.detectBytes(), options.decoderOptions());
        return switch (d.verdict()) {
            case DETECTED -> d.protocol().orElseThrow();
            case AMBIGUOUS -> throw new CaptureException("cannot tell the protocol of " + file + ": it could be several ("
                    + d.describeScores() + "); name it with --format (" + Protocol.names() + ")");
            case UNKNOWN -> throw new CaptureException("no supported sensor protocol recognised in " + file + " ("
                    + d.describeScores() + " of the first bytes decoded); name it with --format (" + Protocol.names() + ")");
        };
    }

    /**
     * Whether {@code file} is a CSV v1 recording (its first line is {@code # hiphike recording v1}, or its
     * first line that is not a {@code #} line is the CSV v1 header), so that callers route it to the
     * CSV reader instead of decoding it as a capture.
     */
    public static boolean looksLikeCsvV1(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(8192);
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        if (text.startsWith("\u00EF\u00BB\u00BF")) text = text.substring(3);      // UTF-8 byte order mark
        try (BufferedReader r = new BufferedReader(new java.io.StringReader(text))) {
            String line;
            boolean first = true;
            while ((line = r.readLine()) != null) {
                String t = line.strip();
                if (first && t.equals(CsvRecordingWriter.MAGIC)) return true;
                first = false;
                if (t.startsWith("#")) continue;
                if (t.isEmpty()) continue;
                return t.toLowerCase(Locale.ROOT).startsWith("time_s,") && t.contains("acc_x_g");
            }
        }
        return false;
    }

    /**
     * What a file that is neither a CSV v1 recording nor a capture is, said plainly, or null when it may be a capture:
     * empty, blank, UTF-16 text, or a CSV v1 recording with other lines before its header. Without this such a file
     * reads as an unknown protocol, or its header and numbers as a stream of some other sensor's.
     */
    static String whatItIsInstead(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(8192);
        }
        if (head.length == 0) return "is empty (0 bytes): there is nothing to analyse";
        boolean blank = true;
        for (byte b : head) if (b != ' ' && b != '\t' && b != '\r' && b != '\n') blank = false;
        if (blank && Files.size(file) == head.length) return "holds only blank lines: there is no header and no samples";
        int zeros = 0;
        for (int i = 0; i < head.length; i++) if (head[i] == 0) zeros++;
        boolean bom16 = head.length >= 2 && ((head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE
                || (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF);
        if (bom16 || head.length >= 16 && zeros * 3 > head.length && textWithZeros(head)) {
            return "is UTF-16 text; recordings are UTF-8: save it as UTF-8 (for example: iconv -f UTF-16 -t UTF-8 in.csv > out.csv)";
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String t = lines[i].strip().toLowerCase(Locale.ROOT);
            if (t.startsWith("time_s,") && t.contains("acc_x_g")) {
                String first = lines[0].strip();
                return "is a CSV v1 recording whose header is on line " + (i + 1) + ", with lines before it that are neither"
                        + " comments (#) nor blank (line 1: '" + (first.length() > 40 ? first.substring(0, 40) + "..." : first)
                        + "'): delete them, or start them with #";
            }
        }
        return null;
    }

    /** Every other byte zero and the rest printable: ASCII text written as UTF-16 without a byte order mark. */
    private static boolean textWithZeros(byte[] head) {
        int evenZeros = 0, oddZeros = 0;
        for (int i = 0; i + 1 < head.length; i += 2) {
            if (head[i] == 0) evenZeros++;
            if (head[i + 1] == 0) oddZeros++;
        }
        int pairs = head.length / 2;
        return evenZeros > pairs * 0.8 || oddZeros > pairs * 0.8;
    }

    private static Optional<String> sensorName(Protocol p) {
        return switch (p) {
            case WITMOTION_SERIAL, WITMOTION_BLE -> Optional.of("witmotion");
            case XIMU3_ASCII, XIMU3_BINARY -> Optional.of("x-imu3");
            default -> Optional.empty();
        };
    }

    static String formatHz(double hz) {
        if (Math.abs(hz - Math.rint(hz)) < 1e-9) return Long.toString(Math.round(hz));
        return String.format(Locale.ROOT, "%.3f", hz);
    }
}
