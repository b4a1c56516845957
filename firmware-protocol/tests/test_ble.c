/*
 * Unit tests of hiphike_ble.c (the BLE builds' send queue, notification
 * sizing and connection state machine), and reassembly: hh_device's frames
 * through the queue, cut into notifications for several ATT MTUs by a fake
 * stack that is sometimes busy, concatenated and decoded by the C stream
 * decoder: every frame back, in order, no seq gap, the same samples.
 */
#include <stdio.h>
#include <string.h>

#include "../hiphike_ble.h"
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

/* ---- a small deterministic generator (xorshift32) for busy patterns and data */
static uint32_t rng = 2463534242u;
static uint32_t next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

/* ---- fake BLE stack: records the notifications, busy with a given chance */

#define WIRE_CAPACITY 200000
static uint8_t wire[WIRE_CAPACITY];
static size_t wire_length;
static size_t notification_count, largest_notification, smallest_notification, busy_answers;
static unsigned busy_percent;
static size_t notify_limit; /* what the link must never exceed */

static int fake_notify(void *context, const uint8_t *bytes, size_t length)
{
    (void)context;
    if (busy_percent && next_random() % 100 < busy_percent) {
        busy_answers++;
        return 0;
    }
    CHECK(length > 0 && length <= notify_limit);
    if (length > largest_notification)
        largest_notification = length;
    if (length < smallest_notification)
        smallest_notification = length;
    CHECK(wire_length + length <= WIRE_CAPACITY);
    if (wire_length + length <= WIRE_CAPACITY) {
        memcpy(wire + wire_length, bytes, length);
        wire_length += length;
    }
    notification_count++;
    return 1;
}

static void reset_stack(unsigned busy, size_t limit)
{
    wire_length = notification_count = largest_notification = busy_answers = 0;
    smallest_notification = (size_t)-1;
    busy_percent = busy;
    notify_limit = limit;
}

/* ---- a device platform writing into the link */

static hh_ble_link link;
static uint32_t clock_us = 1000000;

static int link_write(void *context, const uint8_t *bytes, size_t length)
{
    (void)context;
    return hh_ble_queue_frame(&link, bytes, length);
}

static uint32_t now_us(void *context)
{
    (void)context;
    return clock_us;
}

static void fill_hello(void *context, hh_hello *h)
{
    (void)context;
    h->device_id = 0x1234;
    strcpy(h->sensor_model, "test");
    strcpy(h->axis_alignment, "+X+Y+Z");
    strcpy(h->board, "test-ble");
}

static void device_init(hh_device *device, uint8_t batch)
{
    hh_device_platform p;
    memset(&p, 0, sizeof p);
    p.write = link_write;
    p.now_us = now_us;
    p.fill_hello = fill_hello;
    p.sample_rate_hz = 100.0f;
    p.samples_per_message = batch;
    hh_device_init(device, &p);
}

static hh_imu_sample sample_number(uint32_t i)
{
    hh_imu_sample s;
    s.timestamp_us = 1000000u + i * 10000u;
    /* values with zero bytes in them, so COBS has work to do */
    s.acc_g.x = (float)(i % 7) * 0.25f;
    s.acc_g.y = 1.0f;
    s.acc_g.z = -(float)(i % 13) * 0.125f;
    s.gyr_dps.x = (float)i * 0.5f;
    s.gyr_dps.y = 0.0f;
    s.gyr_dps.z = -(float)(next_random() % 2000) / 10.0f;
    s.mag_ut.x = s.mag_ut.y = s.mag_ut.z = 0.0f;
    return s;
}

/* Decodes the wire; checks HELLO first, then IMU messages with seq in order and
 * the samples given. Returns the number of samples decoded. */
static size_t decode_wire(const hh_imu_sample *want, size_t want_count, hh_stream_stats *stats_out)
{
    hh_stream s;
    hh_frame f;
    hh_message m;
    size_t i, samples = 0, hellos = 0;
    uint8_t k;
    hh_stream_init(&s);
    for (i = 0; i < wire_length; i++) {
        if (hh_stream_push(&s, wire[i], &f) != HH_OK)
            continue;
        if (hh_stream_decode_message(&s, &f, &m) != HH_OK)
            continue;
        if (m.id == HH_MSG_HELLO) {
            hellos++;
            CHECK(strcmp(m.as.hello.board, "test-ble") == 0);
        } else if (m.id == HH_MSG_IMU) {
            for (k = 0; k < m.as.imu.count; k++, samples++) {
                const hh_imu_sample *got = &m.as.imu.samples[k];
                if (samples < want_count) {
                    CHECK(got->timestamp_us == want[samples].timestamp_us);
                    CHECK(memcmp(&got->acc_g, &want[samples].acc_g, sizeof got->acc_g) == 0);
                    CHECK(memcmp(&got->gyr_dps, &want[samples].gyr_dps, sizeof got->gyr_dps) == 0);
                }
            }
        }
    }
    CHECK(hh_stream_finish(&s) == HH_PENDING); /* the stream ends on a delimiter: nothing left over */
    CHECK(hellos >= 1);
    if (stats_out)
        *stats_out = s.stats;
    return samples;
}

/* ---------------------------------------------------------------- tests */

static void test_notification_size_follows_the_mtu(void)
{
    hh_ble_init(&link, 0);
    CHECK(link.max_notify_bytes == HH_BLE_MAX_NOTIFY_BYTES);
    hh_ble_on_connected(&link);
    CHECK(hh_ble_notify_bytes(&link) == 20); /* ATT MTU 23 until the exchange */
    hh_ble_on_mtu(&link, 185);               /* iOS, Android's common answer */
    CHECK(hh_ble_notify_bytes(&link) == 182);
    hh_ble_on_mtu(&link, 247);
    CHECK(hh_ble_notify_bytes(&link) == 244);
    hh_ble_on_mtu(&link, 517); /* BlueZ asks for 517: capped at one LE data packet */
    CHECK(hh_ble_notify_bytes(&link) == 244);
    hh_ble_on_mtu(&link, 9); /* below the minimum: 23 */
    CHECK(hh_ble_notify_bytes(&link) == 20);
    hh_ble_init(&link, 20); /* a board capped at 20 bytes */
    hh_ble_on_connected(&link);
    hh_ble_on_mtu(&link, 247);
    CHECK(hh_ble_notify_bytes(&link) == 20);
    hh_ble_init(&link, 1000); /* more than the maximum: the maximum */
    CHECK(link.max_notify_bytes == HH_BLE_MAX_NOTIFY_BYTES);
}

static void test_state_machine_advertises_connects_and_advertises_again(void)
{
    static const uint8_t frame[4] = {1, 2, 3, 0};
    hh_ble_init(&link, 0);
    CHECK(link.state == HH_BLE_ADVERTISING);
    CHECK(hh_ble_advertise_due(&link, 0));
    hh_ble_advertise_result(&link, 1, 0);
    CHECK(!hh_ble_advertise_due(&link, 5000));
    CHECK(hh_ble_on_subscribed(&link, 1) == 0); /* no central: ignored */
    CHECK(!hh_ble_streaming(&link));

    hh_ble_on_connected(&link);
    CHECK(link.state == HH_BLE_CONNECTED && !hh_ble_advertise_due(&link, 5000));
    CHECK(hh_ble_queue_frame(&link, frame, sizeof frame) == 0); /* nobody listens yet */
    CHECK(link.stats.frames_refused == 1);
    CHECK(hh_ble_on_subscribed(&link, 1) == 1); /* starts streaming: greet the host */
    CHECK(hh_ble_streaming(&link));
    CHECK(hh_ble_on_subscribed(&link, 1) == 0); /* the same CCCD written again: no second greeting */
    CHECK(hh_ble_queue_frame(&link, frame, sizeof frame) == 1);
    CHECK(hh_ble_queued_bytes(&link) == 4);
    CHECK(hh_ble_on_subscribed(&link, 0) == 0); /* notifications off: back to CONNECTED, queue dropped */
    CHECK(link.state == HH_BLE_CONNECTED && hh_ble_queued_bytes(&link) == 0);
    CHECK(hh_ble_on_subscribed(&link, 1) == 1);
    CHECK(hh_ble_queue_frame(&link, frame, sizeof frame) == 1);

    /* out of range: advertising again at once, the queue emptied, MTU back to 23 */
    hh_ble_on_mtu(&link, 247);
    hh_ble_on_disconnected(&link, 7000);
    CHECK(link.state == HH_BLE_ADVERTISING && hh_ble_queued_bytes(&link) == 0);
    CHECK(hh_ble_notify_bytes(&link) == 20);
    CHECK(link.stats.connections == 1 && link.stats.disconnections == 1);
    CHECK(hh_ble_advertise_due(&link, 7000));
    /* the stack refuses: tried again 1 s later, not before */
    hh_ble_advertise_result(&link, 0, 7000);
    CHECK(!hh_ble_advertise_due(&link, 7999));
    CHECK(hh_ble_advertise_due(&link, 8000));
    CHECK(link.stats.advertise_failures == 1);
    hh_ble_advertise_result(&link, 1, 8000);
    CHECK(!hh_ble_advertise_due(&link, 9000));
    /* a second disconnect event (stack and loop both report it) is not counted twice */
    hh_ble_on_disconnected(&link, 9000);
    CHECK(link.stats.disconnections == 1);

    /* the retry time is right across the wrap of the u32 millisecond clock */
    hh_ble_on_connected(&link);
    hh_ble_on_disconnected(&link, 0xFFFFFF00u);
    hh_ble_advertise_result(&link, 0, 0xFFFFFF00u);
    CHECK(!hh_ble_advertise_due(&link, 0xFFFFFFFFu));
    CHECK(!hh_ble_advertise_due(&link, 0x000002E7u)); /* 999 ms later */
    CHECK(hh_ble_advertise_due(&link, 0x000002E8u));  /* 1000 ms later */
}

/* hh_device -> link -> notifications of the MTU -> decoder: everything back. */
static void check_reassembly(uint16_t att_mtu, uint8_t batch, unsigned busy, size_t sample_count)
{
    static hh_device device;
    static hh_imu_sample sent[2000];
    size_t i, expected_notify = (size_t)(att_mtu < 247 ? att_mtu : 247) - 3, decoded;
    hh_stream_stats stats;

    CHECK(sample_count <= sizeof sent / sizeof sent[0]);
    reset_stack(busy, expected_notify);
    hh_ble_init(&link, 0);
    device_init(&device, batch);
    hh_ble_on_connected(&link);
    hh_ble_on_mtu(&link, att_mtu);
    CHECK(hh_ble_on_subscribed(&link, 1) == 1);
    hh_device_connected(&device);
    for (i = 0; i < sample_count; i++) {
        sent[i] = sample_number((uint32_t)i);
        clock_us = sent[i].timestamp_us;
        hh_device_add_sample(&device, &sent[i]);
        /* the loop pumps after each sample: a few notifications per connection event */
        hh_ble_pump(&link, fake_notify, NULL, 16);
    }
    hh_device_flush(&device);
    for (i = 0; i < 100000 && hh_ble_queued_bytes(&link) > 0; i++)
        hh_ble_pump(&link, fake_notify, NULL, 4);
    CHECK(hh_ble_queued_bytes(&link) == 0);
    CHECK(link.stats.frames_refused == 0);
    CHECK(largest_notification <= expected_notify);
    CHECK(link.stats.bytes_sent == wire_length);
    if (busy)
        CHECK(busy_answers > 0 && link.stats.notify_busy == busy_answers);
    decoded = decode_wire(sent, sample_count, &stats);
    CHECK(decoded == sample_count);
    CHECK(stats.lost_frames == 0 && stats.crc_errors == 0 && stats.cobs_errors == 0 && stats.truncated == 0);
    printf("ble reassembly: ATT MTU %3u, %u samples/message, busy %2u%%: %5zu samples in %5zu notifications of <= %3zu bytes (%zu busy answers)\n",
           att_mtu, batch, busy, decoded, notification_count, largest_notification, busy_answers);
}

/* Frames queued faster than they are sent (a slow connection interval): every
 * notification is as long as the MTU allows, frames spanning them. */
static void test_a_backlog_goes_out_in_full_notifications(void)
{
    static hh_device device;
    hh_imu_sample s;
    size_t i, before;
    reset_stack(0, 182);
    hh_ble_init(&link, 0);
    device_init(&device, 4);
    hh_ble_on_connected(&link);
    hh_ble_on_mtu(&link, 185);
    hh_ble_on_subscribed(&link, 1);
    hh_device_connected(&device);
    for (i = 0; i < 24; i++) { /* 6 IMU frames of 121 bytes after a HELLO */
        s = sample_number((uint32_t)i);
        hh_device_add_sample(&device, &s);
    }
    before = hh_ble_queued_bytes(&link);
    CHECK(link.stats.bytes_sent == 0 && before > 3 * 182); /* nothing sent yet: a backlog of several notifications */
    CHECK(hh_ble_pump(&link, fake_notify, NULL, 100) == (unsigned)((before + 181) / 182));
    CHECK(smallest_notification == before % 182 || (before % 182 == 0 && smallest_notification == 182));
    CHECK(largest_notification == 182);
    CHECK(wire_length == before);
    CHECK(decode_wire(NULL, 0, NULL) == 24);
}

/* A stack that takes nothing for a while: frames are refused whole, never cut. */
static void test_a_full_queue_refuses_whole_frames(void)
{
    static hh_device device;
    static hh_imu_sample sent[400];
    size_t i, refused;
    hh_stream_stats stats;
    hh_stream s;
    hh_frame f;
    hh_message m;
    size_t samples = 0;

    reset_stack(0, 182);
    hh_ble_init(&link, 0);
    device_init(&device, 4);
    hh_ble_on_connected(&link);
    hh_ble_on_mtu(&link, 185);
    hh_ble_on_subscribed(&link, 1);
    hh_device_connected(&device);
    for (i = 0; i < 400; i++) { /* 100 frames of 121 bytes, nothing pumped */
        sent[i] = sample_number((uint32_t)i);
        hh_device_add_sample(&device, &sent[i]);
    }
    refused = link.stats.frames_refused;
    CHECK(refused > 0);
    CHECK(hh_ble_queued_bytes(&link) <= HH_BLE_QUEUE_BYTES);
    CHECK(device.samples_dropped == 4 * refused); /* the device counts the samples lost */
    while (hh_ble_queued_bytes(&link) > 0)
        hh_ble_pump(&link, fake_notify, NULL, 8);
    hh_stream_init(&s);
    for (i = 0; i < wire_length; i++)
        if (hh_stream_push(&s, wire[i], &f) == HH_OK && hh_stream_decode_message(&s, &f, &m) == HH_OK && m.id == HH_MSG_IMU)
            samples += m.as.imu.count;
    stats = s.stats;
    /* what was queued arrives intact; what was refused shows as one seq gap */
    CHECK(stats.crc_errors == 0 && stats.cobs_errors == 0 && stats.too_long == 0);
    CHECK(samples == 400 - 4 * refused);
    CHECK(stats.lost_frames == 0); /* the refused ones are all at the end: no frame after them yet */
    /* the next frame after the refused ones carries the gap */
    while (hh_ble_queued_bytes(&link) > 0)
        hh_ble_pump(&link, fake_notify, NULL, 8);
    for (i = 0; i < 4; i++)
        hh_device_add_sample(&device, &sent[i]);
    while (hh_ble_queued_bytes(&link) > 0)
        hh_ble_pump(&link, fake_notify, NULL, 8);
    {
        size_t from = 0;
        hh_stream_init(&s);
        for (from = 0; from < wire_length; from++)
            if (hh_stream_push(&s, wire[from], &f) == HH_OK)
                (void)hh_stream_decode_message(&s, &f, &m);
        CHECK(s.stats.lost_frames == refused);
    }
    printf("ble queue full: %zu of 100 frames refused whole (the host sees a seq gap of %zu)\n", refused, refused);
}

/* Out of range in the middle of a frame, then back: the host resynchronises at
 * the idle 0x00 and gets a whole HELLO. */
static void test_a_disconnect_mid_frame_then_a_new_connection(void)
{
    static hh_device device;
    hh_imu_sample one = sample_number(1);
    hh_stream s;
    hh_frame f;
    hh_message m;
    size_t i, hellos = 0, bad = 0;

    reset_stack(0, 20);
    hh_ble_init(&link, 0);
    device_init(&device, 1);
    hh_ble_on_connected(&link);
    hh_ble_on_subscribed(&link, 1);
    hh_device_connected(&device);
    while (hh_ble_queued_bytes(&link) > 0)
        hh_ble_pump(&link, fake_notify, NULL, 1);
    hh_device_add_sample(&device, &one); /* 37 wire bytes: 2 notifications */
    CHECK(hh_ble_pump(&link, fake_notify, NULL, 1) == 1); /* only the first gets out */
    hh_ble_on_disconnected(&link, 100);
    CHECK(hh_ble_queued_bytes(&link) == 0);
    CHECK(hh_ble_advertise_due(&link, 100));
    hh_ble_advertise_result(&link, 1, 100);
    hh_ble_on_connected(&link);
    CHECK(hh_ble_on_subscribed(&link, 1) == 1);
    hh_device_connected(&device);
    while (hh_ble_queued_bytes(&link) > 0)
        hh_ble_pump(&link, fake_notify, NULL, 1);
    hh_stream_init(&s);
    for (i = 0; i < wire_length; i++) {
        hh_result r = hh_stream_push(&s, wire[i], &f);
        if (r == HH_OK && hh_stream_decode_message(&s, &f, &m) == HH_OK && m.id == HH_MSG_HELLO)
            hellos++;
        else if (r != HH_OK && r != HH_PENDING)
            bad++;
    }
    CHECK(hellos == 2); /* both connections greeted */
    CHECK(bad == 1);    /* the cut IMU frame, and nothing else */
}

int main(void)
{
    static const uint16_t mtus[] = {23, 27, 185, 247, 517};
    static const uint8_t batches[] = {1, 4, 8};
    size_t a, b;
    test_notification_size_follows_the_mtu();
    test_state_machine_advertises_connects_and_advertises_again();
    for (a = 0; a < sizeof mtus / sizeof mtus[0]; a++)
        for (b = 0; b < sizeof batches / sizeof batches[0]; b++)
            check_reassembly(mtus[a], batches[b], a % 2 ? 20 : 0, 1000);
    test_a_backlog_goes_out_in_full_notifications();
    test_a_full_queue_refuses_whole_frames();
    test_a_disconnect_mid_frame_then_a_new_connection();
    printf("test_ble: %d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
