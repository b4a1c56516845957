package org.hiphike.protocol;

import java.util.Optional;
import org.hiphike.recording.Recording;

/**
 * A decoded capture file.
 *
 * @param recording  the samples and metadata ({@code source}, {@code sensor}, {@code rate_hz},
 *                   {@code time_source}, {@code protocol}, decoder counts)
 * @param protocol   the protocol it was decoded as
 * @param detected   whether the protocol was detected rather than named
 * @param timeSource where the sample times come from
 * @param stats      the decoder's counts over the whole file
 * @param device     the device's HELLO, when the capture holds one
 * @param lastStatus the device's last STATUS, when the capture holds one
 */
public record Capture(Recording recording, Protocol protocol, boolean detected, TimeSource timeSource,
                      DecoderStats stats, Optional<DeviceInfo> device, Optional<DeviceStatus> lastStatus) {

    /** One line: protocol, samples, bad frames, lost frames, time source. */
    public String summary() {
        return protocol.cliName() + (detected ? " (detected)" : "") + ": " + stats.samples() + " samples, "
                + stats.badFrames() + " bad frames, " + stats.lostFrames() + " lost frames, time "
                + timeSource.metadataValue()
                + (timeSource == TimeSource.REBUILT ? " at " + Captures.formatHz(recording.nominalRateHz()) + " Hz" : "");
    }
}
