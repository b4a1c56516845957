package org.hiphike.protocol;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Tells the protocol of a stream from its first bytes (typically 1-2 KB): every decoder decodes them
 * and is scored by the fraction of the bytes that fell in frames it accepted. The clear winner is the
 * protocol; when two score close, or none scores well, the answer says so instead of guessing.
 */
public final class ProtocolDetector {
    /** Bytes worth looking at: enough for dozens of frames of every protocol at any rate. */
    public static final int DEFAULT_HEAD_BYTES = 2048;
    /** A protocol must account for at least this fraction of the bytes... */
    public static final double MIN_FRACTION = 0.5;
    /** ...and beat the runner-up by this much. */
    public static final double MIN_MARGIN = 0.25;
    /** ...and yield at least this many samples. */
    public static final int MIN_SAMPLES = 2;

    private ProtocolDetector() {}

    public enum Verdict { DETECTED, AMBIGUOUS, UNKNOWN }

    /** How well one protocol explains the bytes. */
    public record Score(Protocol protocol, double frameByteFraction, long frames, long samples, long badFrames) {}

    /**
     * @param verdict  whether a protocol was recognised
     * @param protocol the recognised protocol (present only when {@code DETECTED})
     * @param scores   every protocol's score, best first
     */
    public record Detection(Verdict verdict, Optional<Protocol> protocol, List<Score> scores) {
        /** A short explanation for messages, e.g. {@code witmotion-serial 98%, hiphike 0%}. */
        public String describeScores() {
            StringBuilder sb = new StringBuilder();
            for (Score s : scores) {
                if (sb.length() > 0) sb.append(", ");
                sb.append(s.protocol().cliName()).append(' ').append(Math.round(100 * s.frameByteFraction())).append('%');
            }
            return sb.toString();
        }
    }

    public static Detection detect(byte[] buf, int off, int len, DecoderOptions options) {
        List<Score> scores = new ArrayList<>();
        SampleSink ignore = s -> { };
        for (Protocol p : Protocol.values()) {
            DecoderOptions o = options.rateHz().isPresent() ? options : options.withRateHz(100);
            SampleDecoder d = Decoders.create(p, o);
            d.decode(buf, off, len, ignore);
            DecoderStats st = d.stats();
            scores.add(new Score(p, st.frameByteFraction(), st.frames(), st.samples(), st.badFrames()));
        }
        // protocols that yielded samples first, then by the fraction of bytes they explain
        scores.sort(Comparator.comparing((Score s) -> s.samples() < MIN_SAMPLES)
                .thenComparing(Comparator.comparingDouble(Score::frameByteFraction).reversed()));
        Score best = scores.get(0);
        Score second = scores.get(1);
        List<Score> frozen = List.copyOf(scores);
        if (best.frameByteFraction() < MIN_FRACTION || best.samples() < MIN_SAMPLES) {
            return new Detection(Verdict.UNKNOWN, Optional.empty(), frozen);
        }
        if (second.samples() >= MIN_SAMPLES && best.frameByteFraction() - second.frameByteFraction() < MIN_MARGIN) {
            return new Detection(Verdict.AMBIGUOUS, Optional.empty(), frozen);
        }
        return new Detection(Verdict.DETECTED, Optional.of(best.protocol()), frozen);
    }

    public static Detection detect(byte[] head, DecoderOptions options) {
        return detect(head, 0, head.length, options);
    }
}
