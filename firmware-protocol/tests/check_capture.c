/*
 * Checks a capture of the virtual sensor against the recording it played:
 *   check_capture RECORDING.csv CAPTURE.hhk BATCH
 * Decodes the capture with the C stream decoder and requires: no framing
 * error and no lost frame; HELLO first, describing the recording; every row
 * of the recording as one IMU sample, in order, with its timestamp and values
 * bit for bit; IMU messages of BATCH samples (the last may be shorter); a
 * STATUS for every second of recording time, about a second apart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../host/csv_recording.h"

static int failures;

#define EXPECT(cond, ...)                                                                          \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            if (failures++ < 20) {                                                                 \
                fprintf(stderr, "check_capture: ");                                                \
                fprintf(stderr, __VA_ARGS__);                                                      \
                fputc('\n', stderr);                                                               \
            }                                                                                      \
        }                                                                                          \
    } while (0)

static int same_vec3(hh_vec3 a, hh_vec3 b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

int main(int argc, char **argv)
{
    csv_recording rec;
    char error[512];
    FILE *f;
    hh_stream stream;
    hh_frame frame;
    hh_message m;
    size_t sample = 0, imu_frames = 0, status_frames = 0, frames = 0, short_batches = 0;
    long long last_status_us = -1;
    int batch, c, hello_seen = 0;

    if (argc != 4) {
        fprintf(stderr, "usage: check_capture RECORDING.csv CAPTURE.hhk BATCH\n");
        return 2;
    }
    batch = atoi(argv[3]);
    if (csv_recording_load(argv[1], &rec, error, sizeof error) != 0) {
        fprintf(stderr, "check_capture: %s\n", error);
        return 1;
    }
    f = fopen(argv[2], "rb");
    if (!f) {
        perror(argv[2]);
        return 1;
    }
    hh_stream_init(&stream);
    for (;;) {
        hh_result r;
        c = fgetc(f);
        r = c == EOF ? hh_stream_finish(&stream) : hh_stream_push(&stream, (uint8_t)c, &frame);
        if (r != HH_OK) {
            EXPECT(r == HH_PENDING, "byte %ld: %s", ftell(f), hh_result_name(r));
            if (c == EOF)
                break;
            continue;
        }
        r = hh_stream_decode_message(&stream, &frame, &m);
        EXPECT(r == HH_OK, "frame seq %u id 0x%02x: %s", frame.seq, frame.id, hh_result_name(r));
        EXPECT(frame.seq == frames, "frame %zu has seq %u", frames, frame.seq);
        if (frames++ == 0) {
            EXPECT(frame.id == HH_MSG_HELLO, "first frame is 0x%02x, not HELLO", frame.id);
        }
        if (r != HH_OK)
            continue;
        if (m.id == HH_MSG_HELLO) {
            hello_seen = 1;
            EXPECT(m.as.hello.protocol_major == 1 && m.as.hello.protocol_minor == 0, "HELLO protocol %u.%u",
                   m.as.hello.protocol_major, m.as.hello.protocol_minor);
            EXPECT((float)csv_recording_rate_hz(&rec) == m.as.hello.sample_rate_hz, "HELLO rate %g Hz",
                   (double)m.as.hello.sample_rate_hz);
            EXPECT(m.as.hello.samples_per_message == batch, "HELLO batch %u", m.as.hello.samples_per_message);
            EXPECT(!!(m.as.hello.capabilities & HH_CAP_MAGNETOMETER) == !!rec.has_magnetometer,
                   "HELLO magnetometer capability %u", m.as.hello.capabilities);
            EXPECT(strcmp(m.as.hello.axis_alignment, "+X+Y+Z") == 0, "HELLO alignment %s", m.as.hello.axis_alignment);
        } else if (m.id == HH_MSG_STATUS) {
            status_frames++;
            EXPECT(m.as.status.streaming == 1, "STATUS says not streaming");
            /* Sent with the first row at or after each whole second of recording time. */
            EXPECT(last_status_us < 0 || m.as.status.timestamp_us >= last_status_us + 1000000 - 2000,
                   "STATUS at %lu us, previous %lld", (unsigned long)m.as.status.timestamp_us, last_status_us);
            last_status_us = m.as.status.timestamp_us;
        } else if (m.id == HH_MSG_IMU) {
            int k;
            imu_frames++;
            EXPECT(m.as.imu.count <= batch, "IMU message of %u samples", m.as.imu.count);
            if (m.as.imu.count < batch)
                short_batches++;
            EXPECT(!!(m.as.imu.flags & HH_IMU_FLAG_MAG) == !!rec.has_magnetometer, "IMU flags %u", m.as.imu.flags);
            for (k = 0; k < m.as.imu.count; k++, sample++) {
                const hh_imu_sample *s = &m.as.imu.samples[k];
                const csv_row *row;
                if (sample >= rec.count) {
                    EXPECT(0, "more samples than rows");
                    continue;
                }
                row = &rec.rows[sample];
                EXPECT(s->timestamp_us == (uint32_t)csv_row_time_us(row), "sample %zu: timestamp %lu, row time_s %.6f",
                       sample, (unsigned long)s->timestamp_us, row->time_s);
                EXPECT(same_vec3(s->acc_g, row->acc_g), "sample %zu: acc_g differs", sample);
                EXPECT(same_vec3(s->gyr_dps, row->gyr_dps), "sample %zu: gyr_dps differs", sample);
                EXPECT(!rec.has_magnetometer || same_vec3(s->mag_ut, row->mag_ut), "sample %zu: mag_ut differs", sample);
            }
        } else {
            EXPECT(0, "unexpected message 0x%02x", m.id);
        }
    }
    fclose(f);
    EXPECT(hello_seen, "no HELLO");
    EXPECT(sample == rec.count, "%zu samples arrived, the recording has %zu", sample, rec.count);
    EXPECT(short_batches <= 1, "%zu IMU messages shorter than the batch", short_batches);
    {
        long long span_us = csv_row_time_us(&rec.rows[rec.count - 1]) - csv_row_time_us(&rec.rows[0]);
        EXPECT((long long)status_frames == span_us / 1000000, "%zu STATUS for %.3f s", status_frames, span_us / 1e6);
    }
    EXPECT(stream.stats.lost_frames == 0 && stream.stats.crc_errors == 0 && stream.stats.cobs_errors == 0,
           "stream errors");
    printf("check_capture: %s: %zu samples in %zu IMU messages, %zu STATUS, %zu frames: %s\n", argv[2], sample,
           imu_frames, status_frames, frames, failures ? "FAILED" : "ok");
    csv_recording_free(&rec);
    return failures ? 1 : 0;
}
