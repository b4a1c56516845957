package org.hiphike.protocol;

/**
 * What a decoder has seen so far. Counts are cumulative since the decoder was created.
 *
 * @param bytes           bytes fed to the decoder
 * @param frames          frames (packets, lines, messages) that passed every check
 * @param samples         samples emitted
 * @param badFrames       frames that failed a check (CRC, checksum, length, syntax, escape)
 * @param lostFrames      frames missing from the stream: by sequence number where the protocol has one,
 *                        otherwise estimated from the bytes skipped between good frames
 * @param skippedBytes    bytes thrown away while looking for the next frame
 * @param unknownMessages well-formed messages of a type this decoder does not use (skipped)
 * @param rejectedSamples samples inside good frames that were dropped as implausible
 *                        (not finite, out of range, or a timestamp that jumps without confirmation)
 * @param clockJumps      times the device clock went backwards or jumped and time was re-anchored
 * @param frameBytes      bytes that belonged to good frames (used to score protocol detection)
 */
public record DecoderStats(long bytes, long frames, long samples, long badFrames, long lostFrames,
                           long skippedBytes, long unknownMessages, long rejectedSamples, long clockJumps,
                           long frameBytes) {

    /** Fraction of the input bytes that belonged to good frames, 0 when nothing was read. */
    public double frameByteFraction() {
        return bytes == 0 ? 0 : (double) frameBytes / bytes;
    }

    /** One line for logs and the command line. */
    public String summary() {
        return "frames " + frames + ", samples " + samples + ", bad frames " + badFrames + ", lost frames " + lostFrames
                + ", skipped bytes " + skippedBytes + ", unknown messages " + unknownMessages
                + ", rejected samples " + rejectedSamples + ", clock jumps " + clockJumps;
    }
}
