/*
 * Generates the test vectors in vectors/ from the C encoder:
 *   gen_vectors OUTPUT_DIR
 * For each vector it writes NAME.hex (wire bytes) and NAME.json (the events a
 * decoder must produce). The expected events are written from what this
 * program intended to send (the messages it encoded and the damage it did),
 * not by decoding the wire, so the tests that decode the .hex files compare
 * the decoder against an independent statement of the result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vector_json.h"

typedef struct {
    vj_vector v;
    uint8_t wire[16384];
    size_t wire_length;
    int have_expected;
    uint16_t expected_seq;
    int64_t pending_times[HH_IMU_MAX_SAMPLES]; /* true times of the IMU message being added */
} builder;

static builder b;
static const char *out_dir;
static int written;

static void begin(const char *name, const char *direction, const char *description)
{
    memset(&b, 0, sizeof b);
    b.v.name = name;
    b.v.direction = direction;
    b.v.description = description;
}

static void append(const uint8_t *bytes, size_t n)
{
    if (b.wire_length + n > sizeof b.wire) {
        fprintf(stderr, "%s: wire buffer full\n", b.v.name);
        exit(1);
    }
    memcpy(b.wire + b.wire_length, bytes, n);
    b.wire_length += n;
}

static vj_event *new_event(hh_result result)
{
    vj_event *e = &b.v.events[b.v.event_count++];
    memset(e, 0, sizeof *e);
    e->result = result;
    return e;
}

/* Expected framing error (stats as the rules of PROTOCOL.md 3.3 say). */
static void expect_error(hh_result result)
{
    new_event(result);
    switch (result) {
    case HH_ERR_COBS: b.v.stats.cobs_errors++; break;
    case HH_ERR_TOO_LONG: b.v.stats.too_long++; break;
    case HH_ERR_TOO_SHORT: b.v.stats.too_short++; break;
    case HH_ERR_CRC: b.v.stats.crc_errors++; break;
    case HH_ERR_TRUNCATED: b.v.stats.truncated++; break;
    default: fprintf(stderr, "not a framing error\n"); exit(1);
    }
}

/* Expected valid frame; loss from seq as PROTOCOL.md 4.1 says. */
static void expect_frame(uint8_t id, uint16_t seq, const uint8_t *payload, size_t n, hh_result result,
                         const hh_message *m)
{
    vj_event *e = new_event(result);
    e->id = id;
    e->seq = seq;
    memcpy(e->payload, payload, n);
    e->payload_length = n;
    if (b.have_expected && id != HH_MSG_HELLO && seq != b.expected_seq)
        e->lost_before = (uint16_t)(seq - b.expected_seq);
    b.have_expected = 1;
    b.expected_seq = (uint16_t)(seq + 1);
    b.v.stats.frames++;
    b.v.stats.lost_frames += e->lost_before;
    if (result == HH_ERR_UNKNOWN_ID)
        b.v.stats.unknown_ids++;
    if (result == HH_ERR_BAD_LENGTH)
        b.v.stats.bad_length++;
    if (result == HH_OK) {
        e->message = *m;
        if (id == HH_MSG_IMU) {
            size_t k;
            for (k = 0; k < m->as.imu.count; k++)
                b.v.imu_time_us[b.v.imu_time_count++] = b.pending_times[k];
        }
    }
}

/* Encodes a raw frame and appends it. */
static size_t frame_bytes(uint8_t id, uint16_t seq, const uint8_t *payload, size_t n, uint8_t *out)
{
    size_t w = hh_frame_encode(id, seq, payload, n, out, HH_MAX_WIRE);
    if (w == 0) {
        fprintf(stderr, "%s: cannot encode frame\n", b.v.name);
        exit(1);
    }
    return w;
}

/* A message, optionally followed by extra payload bytes (as a newer minor
 * version would add), encoded and expected to decode to itself. */
static void add_message_extra(const hh_message *m, const uint8_t *extra, size_t extra_n)
{
    uint8_t payload[HH_MAX_PAYLOAD], wire[HH_MAX_WIRE];
    size_t n = hh_message_payload_write(m, payload, sizeof payload);
    if (n + extra_n > HH_MAX_PAYLOAD) {
        fprintf(stderr, "%s: payload too long\n", b.v.name);
        exit(1);
    }
    if (extra_n)
        memcpy(payload + n, extra, extra_n);
    n += extra_n;
    append(wire, frame_bytes(m->id, m->seq, payload, n, wire));
    expect_frame(m->id, m->seq, payload, n, HH_OK, m);
}

static void add_message(const hh_message *m)
{
    add_message_extra(m, NULL, 0);
}

/* A frame with a raw payload that a reader must skip (unknown id, bad length). */
static void add_raw(uint8_t id, uint16_t seq, const uint8_t *payload, size_t n, hh_result expected)
{
    uint8_t wire[HH_MAX_WIRE];
    append(wire, frame_bytes(id, seq, payload, n, wire));
    expect_frame(id, seq, payload, n, expected, NULL);
}

static void finish(void)
{
    char path[512];
    FILE *f;
    size_t i, col = 0;

    snprintf(path, sizeof path, "%s/%s.hex", out_dir, b.v.name);
    f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(1);
    }
    /* One frame per line where possible: a line ends after each delimiter
     * and after 32 bytes. */
    for (i = 0; i < b.wire_length; i++) {
        fprintf(f, "%s%02x", col ? " " : "", b.wire[i]);
        col++;
        if (b.wire[i] == 0x00 || col == 32) {
            fputc('\n', f);
            col = 0;
        }
    }
    if (col)
        fputc('\n', f);
    fclose(f);

    snprintf(path, sizeof path, "%s/%s.json", out_dir, b.v.name);
    f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(1);
    }
    vj_print(f, &b.v);
    fclose(f);
    written++;
}

/* ------------------------------------------------------------- messages */

static hh_message hello_nano(uint16_t seq)
{
    hh_message m;
    memset(&m, 0, sizeof m);
    m.id = HH_MSG_HELLO;
    m.seq = seq;
    m.as.hello.protocol_major = HH_PROTOCOL_MAJOR;
    m.as.hello.protocol_minor = HH_PROTOCOL_MINOR;
    m.as.hello.firmware_major = 1;
    m.as.hello.firmware_minor = 2;
    m.as.hello.firmware_patch = 3;
    m.as.hello.capabilities = HH_CAP_MAGNETOMETER | HH_CAP_IDENTIFY_LED | HH_CAP_TEMPERATURE;
    m.as.hello.device_id = 0x8a3f5e21c4d7b019ull;
    m.as.hello.sample_rate_hz = 100.0f;
    m.as.hello.acc_range_g = 4.0f;
    m.as.hello.acc_scale_g_per_lsb = 4.0f / 32768.0f;
    m.as.hello.gyr_range_dps = 2000.0f;
    m.as.hello.gyr_scale_dps_per_lsb = 2000.0f / 32768.0f;
    m.as.hello.samples_per_message = 1;
    strcpy(m.as.hello.axis_alignment, "+Y-X+Z");
    strcpy(m.as.hello.sensor_model, "BMI270");
    strcpy(m.as.hello.board, "nano33ble-rev2");
    return m;
}

static hh_message hello_esp32(uint16_t seq)
{
    hh_message m = hello_nano(seq);
    m.as.hello.firmware_major = 1;
    m.as.hello.firmware_minor = 0;
    m.as.hello.firmware_patch = 0;
    m.as.hello.capabilities = HH_CAP_IDENTIFY_LED | HH_CAP_BATTERY | HH_CAP_TEMPERATURE;
    m.as.hello.device_id = 0x0000a4cf12345678ull;
    m.as.hello.acc_range_g = 8.0f;
    m.as.hello.acc_scale_g_per_lsb = 1.0f / 4096.0f;
    m.as.hello.gyr_range_dps = 1000.0f;
    m.as.hello.gyr_scale_dps_per_lsb = 1.0f / 32.8f;
    m.as.hello.samples_per_message = 4;
    strcpy(m.as.hello.axis_alignment, "-X+Z+Y");
    strcpy(m.as.hello.sensor_model, "MPU-6050");
    strcpy(m.as.hello.board, "esp32-mpu6050");
    return m;
}

/* A plausible sample k of a wearer standing still, pelvis slightly tilted. */
static hh_imu_sample sample_at(int64_t time_us, int k)
{
    hh_imu_sample s;
    float w = (float)k;
    s.timestamp_us = (uint32_t)time_us;
    s.acc_g.x = 0.0123f + 0.001f * w;
    s.acc_g.y = 0.9987f - 0.0005f * w;
    s.acc_g.z = -0.0456f + 0.0002f * w;
    s.gyr_dps.x = 0.12f - 0.01f * w;
    s.gyr_dps.y = -0.3f + 0.02f * w;
    s.gyr_dps.z = 1.5f + 0.25f * w;
    s.mag_ut.x = 18.25f + w;
    s.mag_ut.y = -42.5f + 0.5f * w;
    s.mag_ut.z = 7.75f - 0.25f * w;
    return s;
}

/* IMU message of count samples from time t0_us, period_us apart. */
static hh_message imu(uint16_t seq, int count, int64_t t0_us, int64_t period_us, int with_mag)
{
    hh_message m;
    int k;
    memset(&m, 0, sizeof m);
    m.id = HH_MSG_IMU;
    m.seq = seq;
    m.as.imu.count = (uint8_t)count;
    m.as.imu.flags = with_mag ? HH_IMU_FLAG_MAG : 0;
    for (k = 0; k < count; k++) {
        b.pending_times[k] = t0_us + k * period_us;
        m.as.imu.samples[k] = sample_at(b.pending_times[k], (int)(t0_us / period_us) + k);
        if (!with_mag)
            m.as.imu.samples[k].mag_ut.x = m.as.imu.samples[k].mag_ut.y = m.as.imu.samples[k].mag_ut.z = 0.0f;
    }
    return m;
}

static hh_message status(uint16_t seq, uint32_t t_us)
{
    hh_message m;
    memset(&m, 0, sizeof m);
    m.id = HH_MSG_STATUS;
    m.seq = seq;
    m.as.status.timestamp_us = t_us;
    m.as.status.samples_dropped = 3;
    m.as.status.sample_rate_hz = 100.0f;
    m.as.status.battery_mv = 3912;
    m.as.status.temperature_cdeg_c = 3175;
    m.as.status.battery_percent = 78;
    m.as.status.streaming = 1;
    m.as.status.flags = 0;
    return m;
}

static hh_message command(uint8_t id, uint16_t seq)
{
    hh_message m;
    memset(&m, 0, sizeof m);
    m.id = id;
    m.seq = seq;
    return m;
}

static hh_message reply(uint8_t command_id, uint16_t seq, uint8_t result, uint16_t command_seq)
{
    hh_message m;
    memset(&m, 0, sizeof m);
    m.id = (uint8_t)(HH_REPLY_FLAG | command_id);
    m.seq = seq;
    m.as.reply.status = result;
    m.as.reply.command_seq = command_seq;
    return m;
}

static void fail(const char *what)
{
    fprintf(stderr, "%s: %s\n", b.v.name, what);
    exit(1);
}

static int has_zero(const uint8_t *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (p[i] == 0)
            return 1;
    return 0;
}

/* Smallest float >= v whose four bytes are all non-zero. */
static float no_zero_bytes(float v)
{
    union {
        float f;
        uint32_t u;
    } x;
    x.f = v;
    while (!(x.u & 0xFFu) || !(x.u & 0xFF00u) || !(x.u & 0xFF0000u) || !(x.u & 0xFF000000u))
        x.u += v < 0 ? (uint32_t)-1 : 1u; /* away from zero either way keeps the sign */
    return x.f;
}

/* ----------------------------------------------------------------- vectors */

static void gen_hello(void)
{
    hh_message m = hello_nano(0);
    begin("hello", "device_to_host",
          "HELLO of an Arduino Nano 33 BLE Rev2 with BMI270, 100 Hz, +-4 g, +-2000 dps, seq 0");
    add_message(&m);
    finish();

    m = hello_esp32(0);
    begin("hello_esp32", "device_to_host",
          "HELLO of an ESP32 with MPU-6050, 100 Hz, +-8 g, +-1000 dps, batch 4, battery measured");
    add_message(&m);
    finish();
}

static void gen_imu(void)
{
    hh_message m;

    begin("imu_single", "device_to_host", "One IMU message with one sample, no magnetometer");
    m = imu(1, 1, 1000000, 10000, 0);
    add_message(&m);
    finish();

    begin("imu_batch4", "device_to_host", "Two IMU messages of 4 samples each at 100 Hz, as sent over BLE");
    m = imu(7, 4, 2000000, 10000, 0);
    add_message(&m);
    m = imu(8, 4, 2040000, 10000, 0);
    add_message(&m);
    finish();

    begin("imu_batch8", "device_to_host", "IMU message with the largest batch without magnetometer: 8 samples");
    m = imu(42, 8, 3000000, 5000, 0);
    add_message(&m);
    finish();

    begin("imu_mag", "device_to_host", "IMU message of 2 samples with magnetometer (flags bit 0)");
    m = imu(3, 2, 1500000, 10000, 1);
    add_message(&m);
    finish();

    begin("imu_mag_batch6", "device_to_host",
          "IMU message with the largest batch with magnetometer: 6 samples, payload 242 bytes");
    m = imu(4, 6, 1600000, 10000, 1);
    add_message(&m);
    finish();
}

static void gen_status(void)
{
    hh_message m;
    begin("status", "device_to_host",
          "STATUS: streaming with battery known; battery and temperature unknown; stopped, charging, below 0 degC");
    m = status(100, 5000000);
    add_message(&m);
    m = status(101, 6000000);
    m.as.status.battery_mv = HH_BATTERY_MV_UNKNOWN;
    m.as.status.battery_percent = HH_BATTERY_PERCENT_UNKNOWN;
    m.as.status.temperature_cdeg_c = HH_TEMPERATURE_UNKNOWN;
    m.as.status.samples_dropped = 0;
    add_message(&m);
    m = status(102, 7000000);
    m.as.status.streaming = 0;
    m.as.status.flags = HH_STATUS_FLAG_CHARGING | HH_STATUS_FLAG_EXTERNAL_POWER;
    m.as.status.temperature_cdeg_c = -512;
    m.as.status.sample_rate_hz = 50.0f;
    add_message(&m);
    finish();
}

static void gen_commands(void)
{
    hh_message m;
    uint8_t empty = 0;

    begin("commands", "host_to_device",
          "Every host command, host seq 0..6, then command 0x50 that this version does not define");
    m = command(HH_CMD_START_STREAMING, 0);
    add_message(&m);
    m = command(HH_CMD_STOP_STREAMING, 1);
    add_message(&m);
    m = command(HH_CMD_SET_RATE, 2);
    m.as.set_rate.sample_rate_hz = 100.0f;
    m.as.set_rate.samples_per_message = 4;
    add_message(&m);
    m = command(HH_CMD_IDENTIFY, 3);
    m.as.identify.duration_ms = 3000;
    add_message(&m);
    m = command(HH_CMD_TIME_SYNC, 4);
    m.as.time_sync.host_token = 0x12345678u;
    add_message(&m);
    m = command(HH_CMD_GET_INFO, 5);
    add_message(&m);
    m = command(HH_CMD_GET_STATUS, 6);
    add_message(&m);
    add_raw(0x50, 7, &empty, 0, HH_ERR_UNKNOWN_ID);
    finish();

    begin("replies", "device_to_host",
          "The device's replies to the commands vector, with the HELLO and STATUS that follow GET_INFO and GET_STATUS");
    m = reply(HH_CMD_START_STREAMING, 20, HH_STATUS_OK, 0);
    add_message(&m);
    m = reply(HH_CMD_STOP_STREAMING, 21, HH_STATUS_OK, 1);
    add_message(&m);
    m = reply(HH_CMD_SET_RATE, 22, HH_STATUS_OK, 2);
    m.as.reply.sample_rate_hz = 100.0f;
    m.as.reply.samples_per_message = 4;
    add_message(&m);
    m = reply(HH_CMD_IDENTIFY, 23, HH_STATUS_UNSUPPORTED, 3);
    add_message(&m);
    m = reply(HH_CMD_TIME_SYNC, 24, HH_STATUS_OK, 4);
    m.as.reply.host_token = 0x12345678u;
    m.as.reply.device_timestamp_us = 123456789u;
    add_message(&m);
    m = reply(HH_CMD_GET_INFO, 25, HH_STATUS_OK, 5);
    add_message(&m);
    m = hello_nano(26);
    add_message(&m);
    m = reply(HH_CMD_GET_STATUS, 27, HH_STATUS_OK, 6);
    add_message(&m);
    m = status(28, 123460000u);
    m.as.status.streaming = 0;
    add_message(&m);
    m = reply(0x50, 29, HH_STATUS_UNKNOWN_COMMAND, 7);
    add_message(&m);
    m = reply(HH_CMD_SET_RATE, 30, HH_STATUS_BAD_VALUE, 8);
    add_message(&m);
    finish();
}

static void gen_zero_rich(void)
{
    hh_message m;
    begin("zero_rich", "device_to_host",
          "Frames full of 0x00 bytes: seq 0, timestamp 0, a sensor lying level and still, and a STATUS of zeros");
    m = imu(0, 1, 0, 10000, 0);
    memset(&m.as.imu.samples[0], 0, sizeof m.as.imu.samples[0]);
    m.as.imu.samples[0].acc_g.y = 1.0f;
    add_message(&m);
    m = status(1, 0);
    m.as.status.samples_dropped = 0;
    m.as.status.sample_rate_hz = 0.0f;
    m.as.status.battery_mv = 0;
    m.as.status.temperature_cdeg_c = 0;
    m.as.status.battery_percent = 0;
    m.as.status.streaming = 0;
    add_message(&m);
    finish();
}

static void gen_cobs_blocks(void)
{
    hh_message m;
    uint8_t payload[HH_MAX_PAYLOAD], frame[HH_MAX_FRAME], extra[7];
    size_t n, i;
    int k, tries;

    /* An IMU message (6 samples with magnetometer) whose decoded frame is 254
     * bytes without a single 0x00: COBS sends it as one 0xFF block. The 7
     * extra payload bytes are what a newer minor version could append. */
    begin("cobs_block_254", "device_to_host",
          "Decoded frame of 254 bytes with no 0x00: one COBS block with code 0xFF; the IMU payload has 7 extra trailing bytes a reader ignores");
    m = imu(0x0101, 6, 0x01010101, 10000, 1);
    for (k = 0; k < 6; k++) {
        hh_imu_sample *s = &m.as.imu.samples[k];
        float *f[9];
        int j;
        f[0] = &s->acc_g.x; f[1] = &s->acc_g.y; f[2] = &s->acc_g.z;
        f[3] = &s->gyr_dps.x; f[4] = &s->gyr_dps.y; f[5] = &s->gyr_dps.z;
        f[6] = &s->mag_ut.x; f[7] = &s->mag_ut.y; f[8] = &s->mag_ut.z;
        for (j = 0; j < 9; j++)
            *f[j] = no_zero_bytes(*f[j]);
        while (has_zero((const uint8_t *)&s->timestamp_us, 4))
            s->timestamp_us++;
        b.pending_times[k] = s->timestamp_us;
    }
    for (tries = 0; tries < 100000; tries++) {
        for (i = 0; i < sizeof extra; i++)
            extra[i] = (uint8_t)(0x11 + i + (size_t)tries * (i + 1) % 200);
        n = hh_message_payload_write(&m, payload, sizeof payload);
        memcpy(payload + n, extra, sizeof extra);
        n += sizeof extra;
        frame[0] = m.id;
        frame[1] = (uint8_t)m.seq;
        frame[2] = (uint8_t)(m.seq >> 8);
        memcpy(frame + 3, payload, n);
        {
            uint16_t crc = hh_crc16(frame, n + 3);
            frame[n + 3] = (uint8_t)crc;
            frame[n + 4] = (uint8_t)(crc >> 8);
        }
        if (!has_zero(frame, n + 5))
            break;
    }
    if (n + 5 != 254 || has_zero(frame, 254))
        fail("no zero-free 254-byte frame found");
    add_message_extra(&m, extra, sizeof extra);
    if (b.wire_length != 256 || b.wire[0] != 0xFF)
        fail("expected FF + 254 bytes + 00");
    finish();

    /* The largest frame: 256 decoded bytes, no 0x00: FF block + 03 block. */
    begin("cobs_max_frame", "device_to_host",
          "Largest frame, 256 decoded bytes with no 0x00 (id 0x3F, reserved and unknown, payload 251 bytes): COBS blocks 0xFF and 0x03, 259 bytes on the wire");
    for (tries = 0; tries < 256; tries++) {
        uint16_t crc;
        for (i = 0; i < HH_MAX_PAYLOAD; i++)
            payload[i] = (uint8_t)(i % 255 + 1);
        payload[HH_MAX_PAYLOAD - 1] = (uint8_t)(tries + 1);
        frame[0] = 0x3F;
        frame[1] = 0x2A;
        frame[2] = 0x2A;
        memcpy(frame + 3, payload, HH_MAX_PAYLOAD);
        crc = hh_crc16(frame, HH_MAX_FRAME - 2);
        if ((crc & 0xFF) && (crc >> 8))
            break;
    }
    add_raw(0x3F, 0x2A2A, payload, HH_MAX_PAYLOAD, HH_ERR_UNKNOWN_ID);
    if (b.wire_length != HH_MAX_WIRE || b.wire[0] != 0xFF || b.wire[255] != 0x03)
        fail("expected FF + 254 + 03 + 2 + 00");
    finish();
}

static void gen_back_to_back(void)
{
    hh_message m;
    uint8_t zeros[3] = {0, 0, 0};
    begin("back_to_back", "device_to_host",
          "A power-up: idle 0x00, HELLO, IMU, IMU, STATUS, two idle 0x00, IMU; seq 0..4 without gaps");
    append(zeros, 1);
    m = hello_nano(0);
    add_message(&m);
    m = imu(1, 1, 10000, 10000, 0);
    add_message(&m);
    m = imu(2, 1, 20000, 10000, 0);
    add_message(&m);
    m = status(3, 25000);
    add_message(&m);
    append(zeros, 2);
    m = imu(4, 1, 30000, 10000, 0);
    add_message(&m);
    finish();
}

/* Encodes m into wire without adding it to the stream. */
static size_t encode_only(const hh_message *m, uint8_t *wire)
{
    size_t n = hh_message_encode(m, wire, HH_MAX_WIRE);
    if (n == 0)
        fail("cannot encode");
    return n;
}

static void gen_corrupt(void)
{
    hh_message m;
    uint8_t wire[HH_MAX_WIRE];
    size_t n;

    begin("corrupt_crc", "device_to_host",
          "Three IMU frames; one payload byte of the second changed in transit (CRC mismatch); the third shows 1 lost frame");
    m = imu(0, 1, 0x10000, 10000, 0);
    add_message(&m);
    m = imu(1, 1, 0x10000 + 10000, 10000, 0);
    n = encode_only(&m, wire);
    wire[12] ^= 0x04; /* a data byte, stays non-zero */
    if (wire[12] == 0)
        fail("corruption made a zero");
    append(wire, n);
    expect_error(HH_ERR_CRC);
    m = imu(2, 1, 0x10000 + 20000, 10000, 0);
    add_message(&m);
    finish();

    begin("corrupt_cobs", "device_to_host",
          "A STATUS whose first COBS code byte was changed so it points past the delimiter (COBS error), then a good STATUS");
    m = status(50, 1000000);
    n = encode_only(&m, wire);
    wire[0] = (uint8_t)(n + 3); /* runs past the end of the frame */
    append(wire, n);
    expect_error(HH_ERR_COBS);
    m = status(51, 2000000);
    add_message(&m);
    finish();

    begin("corrupt_zero_inserted", "device_to_host",
          "Line noise turned a byte of an IMU frame into 0x00: the frame splits into two bad pieces, the reader resynchronises and the next frame decodes with 1 lost");
    m = imu(10, 1, 500000, 10000, 0);
    add_message(&m);
    m = imu(11, 1, 510000, 10000, 0);
    n = encode_only(&m, wire);
    wire[15] = 0x00;
    append(wire, n);
    expect_error(HH_ERR_COBS);
    expect_error(HH_ERR_COBS);
    m = imu(12, 1, 520000, 10000, 0);
    add_message(&m);
    finish();
}

static void gen_resync(void)
{
    hh_message m;
    uint8_t wire[HH_MAX_WIRE];
    size_t n;

    begin("start_mid_frame", "device_to_host",
          "A capture that begins in the middle of an IMU frame: the tail is rejected, the reader is in step from the next frame on");
    m = imu(300, 1, 3000000, 10000, 0);
    n = encode_only(&m, wire);
    append(wire + 20, n - 20);
    expect_error(HH_ERR_COBS);
    m = imu(301, 1, 3010000, 10000, 0);
    add_message(&m);
    m = imu(302, 1, 3020000, 10000, 0);
    add_message(&m);
    finish();

    begin("truncated_end", "device_to_host",
          "Two IMU frames, then the first 17 bytes of a third when the port closed: truncated at end of input");
    m = imu(5, 1, 50000, 10000, 0);
    add_message(&m);
    m = imu(6, 1, 60000, 10000, 0);
    add_message(&m);
    m = imu(7, 1, 70000, 10000, 0);
    n = encode_only(&m, wire);
    append(wire, 17);
    expect_error(HH_ERR_TRUNCATED);
    finish();

    begin("truncated_mid", "device_to_host",
          "The first 20 bytes of an IMU frame, cut off, directly followed by a whole IMU frame: both become one bad piece (COBS error); the next frame shows 2 lost");
    m = imu(60, 1, 600000, 10000, 0);
    add_message(&m);
    m = imu(61, 1, 610000, 10000, 0);
    n = encode_only(&m, wire);
    append(wire, 20);
    m = imu(62, 1, 620000, 10000, 0);
    n = encode_only(&m, wire);
    append(wire, n);
    expect_error(HH_ERR_COBS); /* a code byte of the cut frame runs past the delimiter */
    m = imu(63, 1, 630000, 10000, 0);
    add_message(&m);
    finish();
}

static void gen_seq(void)
{
    hh_message m;
    static const uint16_t gap_seqs[] = {65530, 65531, 65534, 1, 2};
    static const uint16_t wrap_seqs[] = {65534, 65535, 0, 1};
    size_t i;

    begin("seq_gap", "device_to_host",
          "IMU frames with seq 65530, 65531, 65534, 1, 2: 2 lost before 65534 and 2 lost across the wrap (65535, 0); timestamps show the missing samples");
    for (i = 0; i < sizeof gap_seqs / sizeof gap_seqs[0]; i++) {
        uint16_t s = gap_seqs[i];
        int64_t index = s >= 65530 ? s - 65530 : s + 6;
        m = imu(s, 1, 4000000 + index * 10000, 10000, 0);
        add_message(&m);
    }
    finish();

    begin("seq_wrap", "device_to_host", "IMU frames with seq 65534, 65535, 0, 1: the wrap is not a loss");
    for (i = 0; i < sizeof wrap_seqs / sizeof wrap_seqs[0]; i++) {
        m = imu(wrap_seqs[i], 1, 8000000 + (int64_t)i * 10000, 10000, 0);
        add_message(&m);
    }
    finish();

    begin("device_restart", "device_to_host",
          "IMU seq 100 and 101, then the device restarts: HELLO seq 0 (no loss counted), IMU seq 1 with the clock near zero again");
    m = imu(100, 1, 5000000, 10000, 0);
    add_message(&m);
    m = imu(101, 1, 5010000, 10000, 0);
    add_message(&m);
    m = hello_nano(0);
    add_message(&m);
    m = imu(1, 1, 20000, 10000, 0);
    add_message(&m);
    finish();

    begin("timestamp_wrap", "device_to_host",
          "Two IMU messages of 4 samples whose u32 timestamps wrap past 2^32 us; imu_time_us shows the unwrapped clock");
    m = imu(9000, 4, 4294967296LL - 25000, 10000, 0);
    add_message(&m);
    m = imu(9001, 4, 4294967296LL + 15000, 10000, 0);
    add_message(&m);
    finish();
}

static void gen_versions_and_lengths(void)
{
    hh_message m;
    uint8_t payload[HH_MAX_PAYLOAD];
    static const uint8_t extra[6] = {0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6};
    static const uint8_t future[5] = {0x01, 0x02, 0x03, 0x04, 0x05};
    size_t n;

    begin("newer_minor", "device_to_host",
          "What a 1.0 reader sees from a 1.3 device: HELLO and STATUS with extra trailing bytes (decoded, extra ignored), an unknown message id 0x04 (skipped, seq still counts), a reply to an unknown command id 0x47");
    m = hello_nano(0);
    m.as.hello.protocol_minor = 3;
    add_message_extra(&m, extra, sizeof extra);
    m = status(1, 1000000);
    add_message_extra(&m, extra, 4);
    add_raw(0x04, 2, future, sizeof future, HH_ERR_UNKNOWN_ID);
    m = reply(0x47, 3, HH_STATUS_OK, 12);
    add_message(&m);
    m = imu(4, 1, 1010000, 10000, 0);
    add_message(&m);
    finish();

    begin("bad_length", "device_to_host",
          "Valid frames a reader must skip as bad_length: IMU count 0, IMU count 9, IMU with magnetometer and count 7, IMU shorter than its count, IMU with an unknown flag bit, IMU with a NaN, short STATUS, short HELLO, short SET_RATE reply");
    m = imu(0, 1, 0, 10000, 0);
    n = hh_message_payload_write(&m, payload, sizeof payload);
    payload[0] = 0;
    add_raw(HH_MSG_IMU, 0, payload, n, HH_ERR_BAD_LENGTH);
    payload[0] = 9;
    add_raw(HH_MSG_IMU, 1, payload, n, HH_ERR_BAD_LENGTH);
    payload[0] = 7;
    payload[1] = HH_IMU_FLAG_MAG;
    add_raw(HH_MSG_IMU, 2, payload, n, HH_ERR_BAD_LENGTH);
    payload[0] = 2;
    payload[1] = 0;
    add_raw(HH_MSG_IMU, 3, payload, n, HH_ERR_BAD_LENGTH);
    payload[0] = 1;
    payload[1] = 0x02;
    add_raw(HH_MSG_IMU, 4, payload, n, HH_ERR_BAD_LENGTH);
    payload[1] = 0;
    payload[2 + 8] = 0x00; /* acc_y = quiet NaN 0x7FC00000 */
    payload[2 + 9] = 0x00;
    payload[2 + 10] = 0xC0;
    payload[2 + 11] = 0x7F;
    add_raw(HH_MSG_IMU, 5, payload, n, HH_ERR_BAD_LENGTH);
    m = status(6, 0);
    n = hh_message_payload_write(&m, payload, sizeof payload);
    add_raw(HH_MSG_STATUS, 6, payload, n - 1, HH_ERR_BAD_LENGTH);
    m = hello_nano(7);
    n = hh_message_payload_write(&m, payload, sizeof payload);
    add_raw(HH_MSG_HELLO, 7, payload, 40, HH_ERR_BAD_LENGTH);
    m = reply(HH_CMD_SET_RATE, 8, HH_STATUS_OK, 1);
    m.as.reply.sample_rate_hz = 50.0f;
    n = hh_message_payload_write(&m, payload, sizeof payload);
    add_raw((uint8_t)(HH_REPLY_FLAG | HH_CMD_SET_RATE), 8, payload, n - 2, HH_ERR_BAD_LENGTH);
    m = imu(9, 1, 90000, 10000, 0);
    add_message(&m);
    finish();
}

static void gen_short_long(void)
{
    hh_message m;
    static const uint8_t tiny[] = {0x04, 0x01, 0x02, 0x03, 0x00};
    uint8_t junk[300];

    begin("too_short_too_long", "device_to_host",
          "A piece that decodes to 3 bytes (too_short), 300 non-zero bytes (too_long), 258 bytes of 0x01 that would decode to 257 zeros (too_long), then a good STATUS");
    append(tiny, sizeof tiny);
    expect_error(HH_ERR_TOO_SHORT);
    memset(junk, 0x11, sizeof junk);
    append(junk, 300);
    append(tiny + 4, 1);
    expect_error(HH_ERR_TOO_LONG);
    memset(junk, 0x01, 258);
    append(junk, 258);
    append(tiny + 4, 1);
    expect_error(HH_ERR_TOO_LONG);
    m = status(0, 0);
    add_message(&m);
    finish();
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gen_vectors OUTPUT_DIR\n");
        return 2;
    }
    out_dir = argv[1];
    gen_hello();
    gen_imu();
    gen_status();
    gen_commands();
    gen_zero_rich();
    gen_cobs_blocks();
    gen_back_to_back();
    gen_corrupt();
    gen_resync();
    gen_seq();
    gen_versions_and_lengths();
    gen_short_long();
    printf("wrote %d vectors to %s\n", written, out_dir);
    return 0;
}
