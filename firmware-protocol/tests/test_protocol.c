/*
 * Desktop unit tests of hiphike_protocol.c.
 *   test_protocol [VECTOR.hex ...]
 * Every VECTOR.hex is decoded and the events compared with VECTOR.json.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../hiphike_alignment.h"
#include "../hiphike_protocol.h"
#include "../tools/vector_json.h"

static int checks, failures;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        checks++;                                                                                  \
        if (!(cond)) {                                                                             \
            failures++;                                                                            \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

#define CHECK_EQ(a, b)                                                                             \
    do {                                                                                           \
        long long a_ = (long long)(a), b_ = (long long)(b);                                        \
        checks++;                                                                                  \
        if (a_ != b_) {                                                                            \
            failures++;                                                                            \
            fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #a, a_, b_); \
        }                                                                                          \
    } while (0)

/* Deterministic pseudo-random numbers for property tests. */
static uint32_t rng_state = 12345u;
static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

/* ------------------------------------------------------------------ CRC */

static void test_crc(void)
{
    static const uint8_t check[] = "123456789";
    CHECK_EQ(hh_crc16(check, 9), 0x29B1);
    CHECK_EQ(hh_crc16(check, 0), 0xFFFF);
    /* Incremental update equals one pass. */
    CHECK_EQ(hh_crc16_update(hh_crc16(check, 4), check + 4, 5), 0x29B1);
}

/* ----------------------------------------------------------------- COBS */

static int cobs_case(const uint8_t *in, size_t n, const uint8_t *expected, size_t expected_n)
{
    uint8_t out[600], back[600];
    size_t encoded = hh_cobs_encode(in, n, out, sizeof out), decoded = 0;
    int ok = encoded == expected_n && memcmp(out, expected, expected_n) == 0;
    ok = ok && hh_cobs_decode(out, encoded, back, sizeof back, &decoded) == HH_OK && decoded == n &&
         memcmp(back, in, n) == 0;
    return ok;
}

static void test_cobs_known(void)
{
    /* The examples of Cheshire and Baker's COBS as listed on Wikipedia. */
    static const uint8_t a_in[] = {0x00}, a_out[] = {0x01, 0x01};
    static const uint8_t b_in[] = {0x00, 0x00}, b_out[] = {0x01, 0x01, 0x01};
    static const uint8_t c_in[] = {0x00, 0x11, 0x00}, c_out[] = {0x01, 0x02, 0x11, 0x01};
    static const uint8_t d_in[] = {0x11, 0x22, 0x00, 0x33}, d_out[] = {0x03, 0x11, 0x22, 0x02, 0x33};
    static const uint8_t e_in[] = {0x11, 0x22, 0x33, 0x44}, e_out[] = {0x05, 0x11, 0x22, 0x33, 0x44};
    static const uint8_t f_in[] = {0x11, 0x00, 0x00, 0x00}, f_out[] = {0x02, 0x11, 0x01, 0x01, 0x01};
    uint8_t in[300], out[300];
    size_t i;

    CHECK(cobs_case(a_in, 1, a_out, 2));
    CHECK(cobs_case(b_in, 2, b_out, 3));
    CHECK(cobs_case(c_in, 3, c_out, 4));
    CHECK(cobs_case(d_in, 4, d_out, 5));
    CHECK(cobs_case(e_in, 4, e_out, 5));
    CHECK(cobs_case(f_in, 4, f_out, 5));
    CHECK(cobs_case(in, 0, (const uint8_t *)"\x01", 1));

    /* 01..FE (254 bytes) -> FF 01..FE */
    for (i = 0; i < 254; i++)
        in[i] = (uint8_t)(i + 1);
    out[0] = 0xFF;
    memcpy(out + 1, in, 254);
    CHECK(cobs_case(in, 254, out, 255));

    /* 00 01..FE (255 bytes) -> 01 FF 01..FE */
    in[0] = 0;
    for (i = 1; i < 255; i++)
        in[i] = (uint8_t)i;
    out[0] = 0x01;
    out[1] = 0xFF;
    memcpy(out + 2, in + 1, 254);
    CHECK(cobs_case(in, 255, out, 256));

    /* 01..FF (255 bytes) -> FF 01..FE 02 FF */
    for (i = 0; i < 255; i++)
        in[i] = (uint8_t)(i + 1);
    out[0] = 0xFF;
    memcpy(out + 1, in, 254);
    out[255] = 0x02;
    out[256] = 0xFF;
    CHECK(cobs_case(in, 255, out, 257));

    /* 02..FF 00 (255 bytes) -> FF 02..FF 01 01 */
    for (i = 0; i < 254; i++)
        in[i] = (uint8_t)(i + 2);
    in[254] = 0;
    out[0] = 0xFF;
    memcpy(out + 1, in, 254);
    out[255] = 0x01;
    out[256] = 0x01;
    CHECK(cobs_case(in, 255, out, 257));

    /* 03..FF 00 01 (255 bytes) -> FE 03..FF 02 01 */
    for (i = 0; i < 253; i++)
        in[i] = (uint8_t)(i + 3);
    in[253] = 0;
    in[254] = 1;
    out[0] = 0xFE;
    memcpy(out + 1, in, 253);
    out[254] = 0x02;
    out[255] = 0x01;
    CHECK(cobs_case(in, 255, out, 256));
}

static void test_cobs_decode_edges(void)
{
    uint8_t in[300], out[300];
    size_t n = 0, i;

    /* A trailing empty group after a 254-byte block is accepted. */
    in[0] = 0xFF;
    for (i = 1; i < 255; i++)
        in[i] = (uint8_t)i;
    in[255] = 0x01;
    CHECK_EQ(hh_cobs_decode(in, 256, out, sizeof out, &n), HH_OK);
    CHECK_EQ(n, 254);

    /* Code byte past the end; zero code; zero inside a group. */
    in[0] = 0x05;
    in[1] = 0x11;
    CHECK_EQ(hh_cobs_decode(in, 2, out, sizeof out, &n), HH_ERR_COBS);
    in[0] = 0x00;
    CHECK_EQ(hh_cobs_decode(in, 2, out, sizeof out, &n), HH_ERR_COBS);
    in[0] = 0x03;
    in[1] = 0x00;
    in[2] = 0x11;
    CHECK_EQ(hh_cobs_decode(in, 3, out, sizeof out, &n), HH_ERR_COBS);

    /* Output capacity. */
    in[0] = 0x03;
    in[1] = 0x11;
    in[2] = 0x22;
    CHECK_EQ(hh_cobs_decode(in, 3, out, 1, &n), HH_ERR_TOO_LONG);

    /* In place. */
    in[0] = 0x02;
    in[1] = 0x11;
    in[2] = 0x02;
    in[3] = 0x22;
    CHECK_EQ(hh_cobs_decode(in, 4, in, 4, &n), HH_OK);
    CHECK_EQ(n, 3);
    CHECK(in[0] == 0x11 && in[1] == 0x00 && in[2] == 0x22);

    /* Encoder refuses a buffer that could be too small. */
    CHECK_EQ(hh_cobs_encode(in, 3, out, 3), 0);
}

/* Round trip and invariants over random inputs of every length. */
static void test_cobs_property(void)
{
    uint8_t in[600], out[620], back[620];
    size_t n, round, i;

    for (n = 0; n <= 600; n++) {
        for (round = 0; round < 4; round++) {
            size_t encoded, decoded = 0;
            int zero_free = 1;
            for (i = 0; i < n; i++) {
                uint32_t r = rng();
                /* Mix dense zeros, no zeros and random. */
                in[i] = round == 0 ? (uint8_t)(r % 3 == 0 ? 0 : r) : round == 1 ? (uint8_t)(r % 255 + 1)
                                                                                 : (uint8_t)r;
            }
            encoded = hh_cobs_encode(in, n, out, sizeof out);
            CHECK(encoded >= n + 1 && encoded <= n + 1 + n / 254);
            for (i = 0; i < encoded; i++)
                if (out[i] == 0)
                    zero_free = 0;
            CHECK(zero_free);
            CHECK_EQ(hh_cobs_decode(out, encoded, back, sizeof back, &decoded), HH_OK);
            CHECK_EQ(decoded, n);
            CHECK(memcmp(in, back, n) == 0);
        }
    }
}

/* ------------------------------------------------------------- messages */

static hh_message sample_hello(void)
{
    hh_message m;
    memset(&m, 0, sizeof m);
    m.id = HH_MSG_HELLO;
    m.seq = 0;
    m.as.hello.protocol_major = 1;
    m.as.hello.firmware_major = 2;
    m.as.hello.firmware_patch = 9;
    m.as.hello.capabilities = HH_CAP_IDENTIFY_LED;
    m.as.hello.device_id = 0xFEDCBA9876543210ull;
    m.as.hello.sample_rate_hz = 104.0f;
    m.as.hello.acc_range_g = 16.0f;
    m.as.hello.acc_scale_g_per_lsb = 16.0f / 32768.0f;
    m.as.hello.gyr_range_dps = 250.0f;
    m.as.hello.gyr_scale_dps_per_lsb = 250.0f / 32768.0f;
    m.as.hello.samples_per_message = 8;
    strcpy(m.as.hello.axis_alignment, "-Z+Y+X");
    strcpy(m.as.hello.sensor_model, "sixteen-chars-ok"); /* exactly 16: not terminated on the wire */
    strcpy(m.as.hello.board, "b");
    return m;
}

/* Encodes, pushes through a fresh stream decoder byte by byte, decodes. */
static hh_result round_trip(const hh_message *in, hh_message *out)
{
    uint8_t wire[HH_MAX_WIRE];
    size_t n = hh_message_encode(in, wire, sizeof wire), i;
    hh_stream stream;
    hh_frame frame;
    hh_result r = HH_PENDING;

    if (n == 0)
        return HH_ERR_BUFFER;
    memset(out, 0, sizeof *out);
    hh_stream_init(&stream);
    for (i = 0; i < n; i++) {
        r = hh_stream_push(&stream, wire[i], &frame);
        if (i + 1 < n && r != HH_PENDING)
            return HH_ERR_COBS; /* a frame may only complete at its delimiter */
    }
    if (r != HH_OK)
        return r;
    if (frame.id != in->id || frame.seq != in->seq)
        return HH_ERR_CRC;
    return hh_stream_decode_message(&stream, &frame, out);
}

static void test_messages_round_trip(void)
{
    hh_message m, d;
    int k, mag;

    m = sample_hello();
    CHECK_EQ(round_trip(&m, &d), HH_OK);
    CHECK_EQ(d.as.hello.protocol_major, 1);
    CHECK_EQ(d.as.hello.firmware_major, 2);
    CHECK_EQ(d.as.hello.firmware_patch, 9);
    CHECK_EQ(d.as.hello.capabilities, HH_CAP_IDENTIFY_LED);
    CHECK(d.as.hello.sample_rate_hz == 104.0f && d.as.hello.acc_range_g == 16.0f);
    CHECK(d.as.hello.acc_scale_g_per_lsb == 16.0f / 32768.0f && d.as.hello.gyr_range_dps == 250.0f);
    CHECK(d.as.hello.gyr_scale_dps_per_lsb == 250.0f / 32768.0f);
    CHECK_EQ(d.as.hello.samples_per_message, 8);
    CHECK(strcmp(d.as.hello.axis_alignment, "-Z+Y+X") == 0);
    CHECK(d.as.hello.device_id == 0xFEDCBA9876543210ull);
    CHECK_EQ(d.as.hello.device_id >> 32, 0xFEDCBA98u);
    CHECK(strcmp(d.as.hello.sensor_model, "sixteen-chars-ok") == 0);
    CHECK(strcmp(d.as.hello.board, "b") == 0);

    for (mag = 0; mag <= 1; mag++) {
        int max = mag ? HH_IMU_MAX_SAMPLES_MAG : HH_IMU_MAX_SAMPLES;
        int count;
        for (count = 1; count <= max; count++) {
            memset(&m, 0, sizeof m);
            m.id = HH_MSG_IMU;
            m.seq = (uint16_t)(65530 + count);
            m.as.imu.count = (uint8_t)count;
            m.as.imu.flags = mag ? HH_IMU_FLAG_MAG : 0;
            for (k = 0; k < count; k++) {
                hh_imu_sample *s = &m.as.imu.samples[k];
                s->timestamp_us = 0xFFFFFFF0u + (uint32_t)k * 7u;
                s->acc_g.x = -1.5f + (float)k;
                s->acc_g.y = 1.0f;
                s->acc_g.z = 1e-7f;
                s->gyr_dps.x = -2000.0f;
                s->gyr_dps.y = 1999.9375f;
                s->gyr_dps.z = 0.0f;
                if (mag) {
                    s->mag_ut.x = 48.0f;
                    s->mag_ut.y = -0.5f;
                    s->mag_ut.z = 3.25e-3f;
                }
            }
            CHECK_EQ(round_trip(&m, &d), HH_OK);
            CHECK_EQ(d.as.imu.count, count);
            CHECK_EQ(d.as.imu.flags, m.as.imu.flags);
            CHECK(memcmp(m.as.imu.samples, d.as.imu.samples, sizeof(hh_imu_sample) * (size_t)count) == 0);
        }
    }

    memset(&m, 0, sizeof m);
    m.id = HH_MSG_STATUS;
    m.seq = 7;
    m.as.status.timestamp_us = 4000000000u;
    m.as.status.samples_dropped = 123456;
    m.as.status.sample_rate_hz = 200.0f;
    m.as.status.battery_mv = HH_BATTERY_MV_UNKNOWN;
    m.as.status.temperature_cdeg_c = -1234;
    m.as.status.battery_percent = HH_BATTERY_PERCENT_UNKNOWN;
    m.as.status.streaming = 1;
    m.as.status.flags = HH_STATUS_FLAG_IMU_FAULT;
    CHECK_EQ(round_trip(&m, &d), HH_OK);
    CHECK(d.as.status.timestamp_us == 4000000000u && d.as.status.samples_dropped == 123456);
    CHECK(d.as.status.sample_rate_hz == 200.0f && d.as.status.battery_mv == HH_BATTERY_MV_UNKNOWN);
    CHECK(d.as.status.temperature_cdeg_c == -1234 && d.as.status.battery_percent == HH_BATTERY_PERCENT_UNKNOWN);
    CHECK(d.as.status.streaming == 1 && d.as.status.flags == HH_STATUS_FLAG_IMU_FAULT);

    memset(&m, 0, sizeof m);
    m.id = HH_CMD_SET_RATE;
    m.as.set_rate.sample_rate_hz = 50.0f;
    m.as.set_rate.samples_per_message = 2;
    CHECK_EQ(round_trip(&m, &d), HH_OK);
    CHECK(d.as.set_rate.sample_rate_hz == 50.0f && d.as.set_rate.samples_per_message == 2);

    memset(&m, 0, sizeof m);
    m.id = HH_CMD_IDENTIFY;
    m.as.identify.duration_ms = 65535;
    CHECK_EQ(round_trip(&m, &d), HH_OK);
    CHECK_EQ(d.as.identify.duration_ms, 65535);

    memset(&m, 0, sizeof m);
    m.id = HH_CMD_TIME_SYNC;
    m.as.time_sync.host_token = 0xDEADBEEFu;
    CHECK_EQ(round_trip(&m, &d), HH_OK);
    CHECK_EQ(d.as.time_sync.host_token, 0xDEADBEEFu);

    memset(&m, 0, sizeof m);
    m.id = HH_CMD_START_STREAMING;
    CHECK_EQ(round_trip(&m, &d), HH_OK);

    memset(&m, 0, sizeof m);
    m.id = HH_REPLY_FLAG | HH_CMD_TIME_SYNC;
    m.as.reply.status = HH_STATUS_OK;
    m.as.reply.command_seq = 300;
    m.as.reply.host_token = 1;
    m.as.reply.device_timestamp_us = 2;
    CHECK_EQ(round_trip(&m, &d), HH_OK);
    CHECK(d.as.reply.command_seq == 300 && d.as.reply.host_token == 1 && d.as.reply.device_timestamp_us == 2);

    m.id = HH_REPLY_FLAG | HH_CMD_SET_RATE;
    m.as.reply.sample_rate_hz = 25.0f;
    m.as.reply.samples_per_message = 1;
    CHECK_EQ(round_trip(&m, &d), HH_OK);
    CHECK(d.as.reply.sample_rate_hz == 25.0f && d.as.reply.samples_per_message == 1);

    /* A failed reply carries no result fields: 3 bytes. */
    m.as.reply.status = HH_STATUS_BAD_VALUE;
    {
        uint8_t payload[16];
        CHECK_EQ(hh_message_payload_write(&m, payload, sizeof payload), 3);
    }
}

static void test_encoder_rejects(void)
{
    hh_message m;
    uint8_t wire[HH_MAX_WIRE], payload[HH_MAX_PAYLOAD + 1];

    memset(&m, 0, sizeof m);
    m.id = HH_MSG_IMU;
    m.as.imu.count = 0;
    CHECK_EQ(hh_message_encode(&m, wire, sizeof wire), 0);
    m.as.imu.count = 9;
    CHECK_EQ(hh_message_encode(&m, wire, sizeof wire), 0);
    m.as.imu.count = 7;
    m.as.imu.flags = HH_IMU_FLAG_MAG;
    CHECK_EQ(hh_message_encode(&m, wire, sizeof wire), 0);
    m.as.imu.count = 1;
    m.as.imu.flags = 0x80;
    CHECK_EQ(hh_message_encode(&m, wire, sizeof wire), 0);
    m.as.imu.flags = 0;
    CHECK_EQ(hh_message_encode(&m, wire, 10), 0); /* buffer too small */
    CHECK_EQ(hh_message_encode(&m, wire, sizeof wire), 37);

    memset(payload, 0x55, sizeof payload);
    CHECK_EQ(hh_frame_encode(0x3F, 0, payload, HH_MAX_PAYLOAD + 1, wire, sizeof wire), 0);
    {
        size_t n = hh_frame_encode(0x3F, 0x0101, payload, HH_MAX_PAYLOAD, wire, sizeof wire);
        CHECK(n >= HH_MAX_FRAME + 2 && n <= HH_MAX_WIRE);
        CHECK_EQ(wire[n - 1], 0x00);
    }
    CHECK_EQ(hh_frame_encode(0x3F, 0x0101, payload, HH_MAX_PAYLOAD, wire, HH_MAX_FRAME), 0);

    m.id = 0x3F; /* no writer for an unknown id */
    CHECK_EQ(hh_message_encode(&m, wire, sizeof wire), 0);
}

/* ----------------------------------------------------------------- stream */

static void test_stream_resync_and_loss(void)
{
    uint8_t wire[4 * HH_MAX_WIRE + 64];
    size_t n = 0, i;
    hh_stream s;
    hh_frame f;
    hh_message m;
    int frames = 0, errors = 0;
    uint16_t seqs[3] = {5, 6, 9};

    /* Garbage without zeros, a delimiter, then three IMU frames. */
    for (i = 0; i < 40; i++)
        wire[n++] = (uint8_t)(0x30 + i);
    wire[n++] = 0;
    memset(&m, 0, sizeof m);
    m.id = HH_MSG_IMU;
    m.as.imu.count = 1;
    for (i = 0; i < 3; i++) {
        m.seq = seqs[i];
        n += hh_message_encode(&m, wire + n, sizeof wire - n);
    }
    hh_stream_init(&s);
    for (i = 0; i < n; i++) {
        hh_result r = hh_stream_push(&s, wire[i], &f);
        if (r == HH_OK) {
            frames++;
            if (f.seq == 9)
                CHECK_EQ(f.lost_before, 2);
            else
                CHECK_EQ(f.lost_before, 0);
        } else if (r != HH_PENDING) {
            errors++;
        }
    }
    CHECK_EQ(frames, 3);
    CHECK_EQ(errors, 1);
    CHECK_EQ(s.stats.lost_frames, 2);
    CHECK_EQ(s.stats.frames, 3);
    CHECK_EQ(hh_stream_finish(&s), HH_PENDING);
}

/* Random bytes never crash the decoder and every delimiter gives at most one
 * event; counters add up. Run under the sanitizers by `make test`. */
static void test_stream_fuzz(void)
{
    hh_stream s;
    hh_frame f;
    hh_message m;
    size_t i;
    uint32_t events = 0, frames = 0;

    hh_stream_init(&s);
    for (i = 0; i < 200000; i++) {
        uint32_t r = rng();
        uint8_t byte = (r & 0x300) == 0 ? 0 : (uint8_t)r;
        hh_result res = hh_stream_push(&s, byte, &f);
        if (res != HH_PENDING)
            events++;
        if (res == HH_OK) {
            frames++;
            (void)hh_stream_decode_message(&s, &f, &m);
        }
    }
    CHECK_EQ(s.stats.frames, frames);
    CHECK_EQ(events, s.stats.frames + s.stats.cobs_errors + s.stats.too_long + s.stats.too_short +
                         s.stats.crc_errors);
}

/* ----------------------------------------------------------------- unwrap */

static void test_unwrap(void)
{
    hh_unwrap u;
    hh_unwrap_init(&u);
    CHECK_EQ(hh_unwrap_update(&u, 4294957296u), 4294957296LL);
    CHECK_EQ(hh_unwrap_update(&u, 4294967295u), 4294967295LL);
    CHECK_EQ(hh_unwrap_update(&u, 5000u), 4294972296LL);
    CHECK_EQ(hh_unwrap_update(&u, 15000u), 4294982296LL);
    /* A backward step (out of order or restart) goes back, it does not jump 71 minutes ahead. */
    CHECK_EQ(hh_unwrap_update(&u, 14000u), 4294981296LL);
}

/* Exactly the 24 proper rotations of the 48 signed permutations parse, and
 * each keeps the right-hand rule: R(a x b) = R(a) x R(b). */
static hh_vec3 cross(hh_vec3 a, hh_vec3 b)
{
    hh_vec3 c;
    c.x = a.y * b.z - a.z * b.y;
    c.y = a.z * b.x - a.x * b.z;
    c.z = a.x * b.y - a.y * b.x;
    return c;
}

static void test_alignment(void)
{
    static const char *const perms[6] = {"XYZ", "XZY", "YXZ", "YZX", "ZXY", "ZYX"};
    int p, signs, accepted = 0;
    hh_alignment a;
    hh_vec3 u = {1.0f, 2.0f, 3.0f}, v = {-0.5f, 4.0f, 0.25f}, lhs, rhs, w;
    char name[7], back[7];

    for (p = 0; p < 6; p++) {
        for (signs = 0; signs < 8; signs++) {
            int k;
            for (k = 0; k < 3; k++) {
                name[2 * k] = (signs >> k) & 1 ? '-' : '+';
                name[2 * k + 1] = perms[p][k];
            }
            name[6] = '\0';
            if (hh_alignment_parse(name, &a) != 0)
                continue;
            accepted++;
            lhs = hh_alignment_apply(&a, cross(u, v));
            rhs = cross(hh_alignment_apply(&a, u), hh_alignment_apply(&a, v));
            CHECK(lhs.x == rhs.x && lhs.y == rhs.y && lhs.z == rhs.z);
            hh_alignment_name(&a, back);
            CHECK(strcmp(name, back) == 0);
        }
    }
    CHECK_EQ(accepted, 24);
    CHECK_EQ(hh_alignment_parse("+X+Y+Z", &a), 0);
    CHECK_EQ(hh_alignment_parse("+X+Y-Z", &a), -1); /* mirror */
    CHECK_EQ(hh_alignment_parse("+X+X+Z", &a), -1);
    CHECK_EQ(hh_alignment_parse("+X+Y+Z ", &a), -1);
    CHECK_EQ(hh_alignment_parse("+x+Y+Z", &a), -1);
    CHECK_EQ(hh_alignment_parse("", &a), -1);
    /* "+Y-X+Z": worn x = chip y, worn y = -chip x, worn z = chip z. */
    CHECK_EQ(hh_alignment_parse("+Y-X+Z", &a), 0);
    w = hh_alignment_apply(&a, u);
    CHECK(w.x == 2.0f && w.y == -1.0f && w.z == 3.0f);
}

static void test_names(void)
{
    CHECK(strcmp(hh_result_name(HH_ERR_CRC), "crc_mismatch") == 0);
    CHECK(strcmp(hh_result_name(HH_ERR_COBS), "cobs_error") == 0);
    CHECK(strcmp(hh_msg_name(0xC4), "REPLY") == 0);
    CHECK(strcmp(hh_msg_name(0x04), "UNKNOWN") == 0);
}

/* ---------------------------------------------------------------- vectors */

static char *read_file(const char *path, size_t *length)
{
    FILE *f = fopen(path, "rb");
    char *text;
    long size;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    text = malloc((size_t)size + 1);
    if (text && fread(text, 1, (size_t)size, f) != (size_t)size) {
        free(text);
        text = NULL;
    }
    fclose(f);
    if (text) {
        text[size] = '\0';
        *length = (size_t)size;
    }
    return text;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Damaged copies of a vector's bytes: the decoder never fails badly (the
 * sanitizers watch), reports one event per piece at most, and its counters
 * add up. */
static void mutate_and_decode(const uint8_t *wire, size_t n)
{
    static uint8_t copy[65536];
    static vj_vector v;
    int round;
    if (n == 0)
        return;
    for (round = 0; round < 50; round++) {
        size_t i, pieces = 1;
        int flips = 1 + (int)(rng() % 3);
        const hh_stream_stats *st = &v.stats;
        memcpy(copy, wire, n);
        while (flips--) {
            size_t at = rng() % n;
            copy[at] = (uint8_t)(rng() % 4 == 0 ? 0 : copy[at] ^ (1u << (rng() % 8)));
        }
        for (i = 0; i < n; i++)
            pieces += copy[i] == 0;
        vj_decode(copy, n, &v);
        CHECK(v.event_count <= pieces);
        CHECK(v.event_count == st->frames + st->cobs_errors + st->too_long + st->too_short + st->crc_errors +
                                   st->truncated);
    }
}

static void test_vector(const char *hex_path)
{
    static uint8_t wire[65536];
    static vj_vector v;
    char json_path[1024], *hex, *expected, *actual = NULL;
    size_t hex_length, expected_length, n = 0, i, actual_length = 0;
    int high = -1;
    FILE *mem;

    snprintf(json_path, sizeof json_path, "%.*s.json", (int)(strlen(hex_path) - 4), hex_path);
    hex = read_file(hex_path, &hex_length);
    expected = read_file(json_path, &expected_length);
    checks++;
    if (!hex || !expected) {
        failures++;
        fprintf(stderr, "%s: cannot read the vector pair\n", hex_path);
        free(hex);
        free(expected);
        return;
    }
    for (i = 0; i < hex_length; i++) {
        int d = hex_value(hex[i]);
        if (d < 0)
            continue; /* whitespace */
        if (high < 0) {
            high = d;
        } else {
            wire[n++] = (uint8_t)(high << 4 | d);
            high = -1;
        }
    }
    memset(&v, 0, sizeof v);
    /* Name, direction and description come from the expected file. */
    {
        const char *keys[3] = {"\"name\": \"", "\"direction\": \"", "\"description\": \""};
        static char values[3][512];
        int k;
        for (k = 0; k < 3; k++) {
            const char *p = strstr(expected, keys[k]);
            size_t len = 0;
            values[k][0] = '\0';
            if (p) {
                p += strlen(keys[k]);
                while (p[len] && p[len] != '"' && len < sizeof values[k] - 1)
                    len++;
                memcpy(values[k], p, len);
                values[k][len] = '\0';
            }
        }
        v.name = values[0];
        v.direction = values[1];
        v.description = values[2];
    }
    vj_decode(wire, n, &v);
    mutate_and_decode(wire, n);
    mem = tmpfile();
    if (mem) {
        vj_print(mem, &v);
        actual_length = (size_t)ftell(mem);
        rewind(mem);
        actual = malloc(actual_length + 1);
        if (actual && fread(actual, 1, actual_length, mem) == actual_length)
            actual[actual_length] = '\0';
        fclose(mem);
    }
    if (!actual || actual_length != expected_length || memcmp(actual, expected, actual_length) != 0) {
        failures++;
        fprintf(stderr, "%s: decoded events differ from %s; decoder says:\n%s\n", hex_path, json_path,
                actual ? actual : "(nothing)");
    }
    free(actual);
    free(hex);
    free(expected);
}

int main(int argc, char **argv)
{
    int i;
    test_crc();
    test_cobs_known();
    test_cobs_decode_edges();
    test_cobs_property();
    test_messages_round_trip();
    test_encoder_rejects();
    test_stream_resync_and_loss();
    test_stream_fuzz();
    test_unwrap();
    test_alignment();
    test_names();
    for (i = 1; i < argc; i++)
        test_vector(argv[i]);
    printf("test_protocol: %d checks, %d vectors, %d failures\n", checks, argc - 1, failures);
    return failures ? 1 : 0;
}
