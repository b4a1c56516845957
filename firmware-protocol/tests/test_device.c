/*
 * Unit tests of hiphike_device.c (the firmware's device side) with a fake
 * platform: what goes on the wire for batching, a refused write, every
 * command and its validation.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../hiphike_device.h"

static int checks, failures;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        checks++;                                                                                  \
        if (!(cond)) {                                                                             \
            failures++;                                                                            \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

/* ---- fake platform: records the messages written, can refuse writes */

#define MAX_SENT 64
static hh_message sent[MAX_SENT];
static size_t sent_count, idle_delimiters;
static int refuse_writes;
static uint32_t clock_us = 5000000;
static float rate_in_effect = 100.0f;
static uint16_t identify_ms;
static hh_stream wire;

static int fake_write(void *context, const uint8_t *bytes, size_t length)
{
    size_t i;
    hh_frame frame;
    (void)context;
    if (refuse_writes)
        return 0;
    if (length == 1 && bytes[0] == 0)
        idle_delimiters++;
    for (i = 0; i < length; i++)
        if (hh_stream_push(&wire, bytes[i], &frame) == HH_OK && sent_count < MAX_SENT)
            CHECK(hh_stream_decode_message(&wire, &frame, &sent[sent_count++]) == HH_OK);
    return 1;
}

static uint32_t fake_now_us(void *context)
{
    (void)context;
    return clock_us;
}

static void fake_fill_hello(void *context, hh_hello *h)
{
    (void)context;
    h->device_id = 42;
    strcpy(h->sensor_model, "fake");
    strcpy(h->axis_alignment, "+X+Y+Z");
}

static uint8_t fake_set_rate(void *context, float wanted_hz, float *actual_hz)
{
    (void)context;
    rate_in_effect = wanted_hz > 150.0f ? 200.0f : wanted_hz > 75.0f ? 100.0f : 50.0f;
    *actual_hz = rate_in_effect;
    return HH_STATUS_OK;
}

static uint8_t fake_identify(void *context, uint16_t duration_ms)
{
    (void)context;
    identify_ms = duration_ms;
    return HH_STATUS_OK;
}

static void setup(hh_device *d, int with_rate_and_led, uint8_t batch, int mag)
{
    hh_device_platform p;
    memset(&p, 0, sizeof p);
    p.write = fake_write;
    p.now_us = fake_now_us;
    p.fill_hello = fake_fill_hello;
    if (with_rate_and_led) {
        p.set_rate = fake_set_rate;
        p.identify = fake_identify;
    }
    p.sample_rate_hz = 100.0f;
    p.samples_per_message = batch;
    p.with_magnetometer = (uint8_t)mag;
    hh_stream_init(&wire);
    sent_count = idle_delimiters = 0;
    refuse_writes = 0;
    hh_device_init(d, &p);
}

static hh_imu_sample sample(uint32_t t)
{
    hh_imu_sample s;
    memset(&s, 0, sizeof s);
    s.timestamp_us = t;
    s.acc_g.y = 1.0f;
    s.mag_ut.x = 20.0f;
    return s;
}

/* Sends a command frame to the device; returns the index of the first
 * message it wrote in answer. */
static size_t command(hh_device *d, uint8_t id, uint16_t seq, const uint8_t *payload, size_t length)
{
    uint8_t bytes[HH_MAX_WIRE];
    size_t n = hh_frame_encode(id, seq, payload, length, bytes, sizeof bytes), first = sent_count;
    hh_device_receive(d, bytes, n);
    return first;
}

static void test_hello_and_batching(void)
{
    hh_device d;
    uint32_t t;
    setup(&d, 1, 3, 0);
    hh_device_connected(&d);
    CHECK(idle_delimiters == 1);
    CHECK(sent_count == 1 && sent[0].id == HH_MSG_HELLO && sent[0].seq == 0);
    CHECK(sent[0].as.hello.protocol_major == 1 && sent[0].as.hello.samples_per_message == 3);
    CHECK(sent[0].as.hello.sample_rate_hz == 100.0f && sent[0].as.hello.device_id == 42);
    CHECK(sent[0].as.hello.capabilities & HH_CAP_IDENTIFY_LED);
    CHECK(!(sent[0].as.hello.capabilities & HH_CAP_MAGNETOMETER));
    for (t = 0; t < 7; t++)
        hh_device_add_sample(&d, &(hh_imu_sample){0});
    /* 7 samples, batch 3: two messages, one sample waiting. */
    CHECK(sent_count == 3 && sent[1].id == HH_MSG_IMU && sent[1].as.imu.count == 3 && sent[2].seq == 2);
    hh_device_flush(&d);
    CHECK(sent_count == 4 && sent[3].as.imu.count == 1 && sent[3].seq == 3);
    CHECK(wire.stats.lost_frames == 0);
}

static void test_refused_write_counts_dropped(void)
{
    hh_device d;
    setup(&d, 1, 2, 0);
    refuse_writes = 1;
    hh_device_add_sample(&d, &(hh_imu_sample){0});
    hh_device_add_sample(&d, &(hh_imu_sample){0});
    refuse_writes = 0;
    hh_device_add_sample(&d, &(hh_imu_sample){0});
    hh_device_add_sample(&d, &(hh_imu_sample){0});
    hh_device_count_dropped(&d, 5);
    hh_device_send_status(&d);
    /* The refused IMU frame used seq 0: the reader sees seq 1 first, then STATUS 2. */
    CHECK(sent_count == 2 && sent[0].seq == 1 && sent[1].id == HH_MSG_STATUS);
    CHECK(sent[1].as.status.samples_dropped == 2 + 5);
    CHECK(sent[1].as.status.timestamp_us == clock_us && sent[1].as.status.streaming == 1);
    CHECK(sent[1].as.status.battery_mv == HH_BATTERY_MV_UNKNOWN);
    CHECK(sent[1].as.status.temperature_cdeg_c == HH_TEMPERATURE_UNKNOWN);
}

static void test_stop_start(void)
{
    hh_device d;
    size_t at;
    hh_imu_sample s = sample(1);
    setup(&d, 1, 4, 0);
    hh_device_add_sample(&d, &s);
    hh_device_add_sample(&d, &s);
    at = command(&d, HH_CMD_STOP_STREAMING, 7, NULL, 0);
    /* The waiting samples go out before the reply; nothing after it. */
    CHECK(sent_count == at + 2 && sent[at].id == HH_MSG_IMU && sent[at].as.imu.count == 2);
    CHECK(sent[at + 1].id == (HH_REPLY_FLAG | HH_CMD_STOP_STREAMING));
    CHECK(sent[at + 1].as.reply.status == HH_STATUS_OK && sent[at + 1].as.reply.command_seq == 7);
    hh_device_add_sample(&d, &s);
    hh_device_add_sample(&d, &s);
    hh_device_add_sample(&d, &s);
    hh_device_add_sample(&d, &s);
    hh_device_flush(&d);
    CHECK(sent_count == at + 2);
    at = command(&d, HH_CMD_START_STREAMING, 8, NULL, 0);
    CHECK(sent[at].as.reply.status == HH_STATUS_OK);
    at = command(&d, HH_CMD_START_STREAMING, 9, NULL, 0); /* idempotent */
    CHECK(sent[at].as.reply.status == HH_STATUS_OK);
    hh_device_add_sample(&d, &s);
    hh_device_flush(&d);
    CHECK(sent[sent_count - 1].id == HH_MSG_IMU);
}

static void test_set_rate(void)
{
    hh_device d;
    size_t at;
    uint8_t p[5];
    union {
        float f;
        uint32_t u;
    } v;

#define SET_RATE_PAYLOAD(rate, batch)                                                              \
    do {                                                                                           \
        v.f = (rate);                                                                              \
        p[0] = (uint8_t)v.u;                                                                       \
        p[1] = (uint8_t)(v.u >> 8);                                                                \
        p[2] = (uint8_t)(v.u >> 16);                                                               \
        p[3] = (uint8_t)(v.u >> 24);                                                               \
        p[4] = (batch);                                                                            \
    } while (0)

    setup(&d, 1, 1, 1);
    SET_RATE_PAYLOAD(180.0f, 5);
    at = command(&d, HH_CMD_SET_RATE, 1, p, 5);
    CHECK(sent[at].as.reply.status == HH_STATUS_OK && sent[at].as.reply.sample_rate_hz == 200.0f);
    CHECK(sent[at].as.reply.samples_per_message == 5 && d.samples_per_message == 5);
    SET_RATE_PAYLOAD(0.0f, 0); /* keep both */
    at = command(&d, HH_CMD_SET_RATE, 2, p, 5);
    CHECK(sent[at].as.reply.status == HH_STATUS_OK && sent[at].as.reply.sample_rate_hz == 200.0f);
    SET_RATE_PAYLOAD(50.0f, 7); /* 7 > 6 with magnetometer */
    at = command(&d, HH_CMD_SET_RATE, 3, p, 5);
    CHECK(sent[at].as.reply.status == HH_STATUS_BAD_VALUE && d.sample_rate_hz == 200.0f);
    SET_RATE_PAYLOAD(NAN, 1);
    at = command(&d, HH_CMD_SET_RATE, 4, p, 5);
    CHECK(sent[at].as.reply.status == HH_STATUS_BAD_VALUE);
    SET_RATE_PAYLOAD(1001.0f, 1);
    at = command(&d, HH_CMD_SET_RATE, 5, p, 5);
    CHECK(sent[at].as.reply.status == HH_STATUS_BAD_VALUE);
    SET_RATE_PAYLOAD(-1.0f, 1);
    at = command(&d, HH_CMD_SET_RATE, 6, p, 5);
    CHECK(sent[at].as.reply.status == HH_STATUS_BAD_VALUE);
    at = command(&d, HH_CMD_SET_RATE, 7, p, 4); /* one byte short */
    CHECK(sent[at].as.reply.status == HH_STATUS_BAD_LENGTH && sent[at].as.reply.command_seq == 7);
    at = command(&d, HH_CMD_GET_STATUS, 8, NULL, 0);
    CHECK(sent[at + 1].id == HH_MSG_STATUS && sent[at + 1].as.status.sample_rate_hz == 200.0f);

    /* A device without a rate callback has one rate. */
    setup(&d, 0, 1, 0);
    SET_RATE_PAYLOAD(100.0f, 2);
    at = command(&d, HH_CMD_SET_RATE, 1, p, 5);
    CHECK(sent[at].as.reply.status == HH_STATUS_OK && sent[at].as.reply.sample_rate_hz == 100.0f);
    SET_RATE_PAYLOAD(50.0f, 2);
    at = command(&d, HH_CMD_SET_RATE, 2, p, 5);
    CHECK(sent[at].as.reply.status == HH_STATUS_UNSUPPORTED);
}

static void test_other_commands(void)
{
    hh_device d;
    size_t at;
    uint8_t p[4] = {0x78, 0x56, 0x34, 0x12};
    uint8_t bytes[HH_MAX_WIRE];
    size_t n;

    setup(&d, 1, 1, 0);
    p[0] = 0x30; /* 30000 ms: capped */
    p[1] = 0x75;
    at = command(&d, HH_CMD_IDENTIFY, 1, p, 2);
    CHECK(sent[at].as.reply.status == HH_STATUS_OK && identify_ms == 10000);
    p[0] = 0x78;
    p[1] = 0x56;
    clock_us = 123456789u;
    at = command(&d, HH_CMD_TIME_SYNC, 2, p, 4);
    CHECK(sent[at].as.reply.host_token == 0x12345678u && sent[at].as.reply.device_timestamp_us == 123456789u);
    at = command(&d, HH_CMD_GET_INFO, 3, NULL, 0);
    CHECK(sent_count == at + 2 && sent[at + 1].id == HH_MSG_HELLO);
    at = command(&d, 0x7F, 4, NULL, 0);
    CHECK(sent[at].id == 0xFF && sent[at].as.reply.status == HH_STATUS_UNKNOWN_COMMAND);
    /* Frames that are not commands, and corrupted commands, get no reply. */
    at = command(&d, HH_MSG_IMU, 5, NULL, 0);
    CHECK(sent_count == at);
    n = hh_frame_encode(HH_CMD_START_STREAMING, 6, NULL, 0, bytes, sizeof bytes);
    bytes[2] ^= 0x10;
    hh_device_receive(&d, bytes, n);
    CHECK(sent_count == at);
    /* Byte by byte works the same as in one piece. */
    n = hh_frame_encode(HH_CMD_GET_STATUS, 7, NULL, 0, bytes, sizeof bytes);
    {
        size_t i;
        for (i = 0; i < n; i++)
            hh_device_receive(&d, bytes + i, 1);
    }
    CHECK(sent_count == at + 2 && sent[at + 1].id == HH_MSG_STATUS);

    /* No LED: IDENTIFY unsupported, capability bit clear. */
    setup(&d, 0, 1, 1);
    at = command(&d, HH_CMD_IDENTIFY, 1, p, 2);
    CHECK(sent[at].as.reply.status == HH_STATUS_UNSUPPORTED);
    hh_device_send_hello(&d);
    CHECK(!(sent[sent_count - 1].as.hello.capabilities & HH_CAP_IDENTIFY_LED));
    CHECK(sent[sent_count - 1].as.hello.capabilities & HH_CAP_MAGNETOMETER);
}

static void test_magnetometer_samples(void)
{
    hh_device d;
    hh_imu_sample s = sample(10);
    setup(&d, 1, 9, 1); /* a batch above the limit is cut to 6 */
    CHECK(d.samples_per_message == HH_IMU_MAX_SAMPLES_MAG);
    setup(&d, 1, 0, 1); /* and 0 becomes 1 */
    CHECK(d.samples_per_message == 1);
    hh_device_add_sample(&d, &s);
    CHECK(sent_count == 1 && (sent[0].as.imu.flags & HH_IMU_FLAG_MAG) && sent[0].as.imu.samples[0].mag_ut.x == 20.0f);
}

int main(void)
{
    test_hello_and_batching();
    test_refused_write_counts_dropped();
    test_stop_start();
    test_set_rate();
    test_other_commands();
    test_magnetometer_samples();
    printf("test_device: %d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
