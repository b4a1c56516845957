/*
 * hiphike-ble-notifications: what the BLE build of the firmware would notify
 * on NUS TX for a CSV v1 recording, one notification a line in hex.
 *
 *   hiphike-ble-notifications RECORDING.csv [--mtu N] [--batch N] [--busy-percent P]
 *
 * The firmware's own code end to end, without a radio: hh_device (batching,
 * HELLO, STATUS every second of recording time) writes frames into
 * hh_ble_link's send queue, and the queue is cut into notifications of the
 * negotiated ATT MTU (--mtu, default 185) exactly as
 * firmware/hiphike_sensor/transport_ble_nimble.cpp does in its loop: after
 * each sample, up to HH_BLE_PUMP_PER_LOOP notifications. --busy-percent makes
 * the pretend stack refuse that share of notifications (a fixed pseudo-random
 * pattern), so the retry path is in the output too.
 *
 * make test keeps tests/data/small_100hz_ble-mtu185_busy60.hex equal to its
 * output; hiphike's BleSourceTest pushes that file through BlueZ's D-Bus API
 * (python-dbusmock) into BleSource and gets the recording's samples back.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../hiphike_ble.h"
#include "../hiphike_device.h"
#include "csv_recording.h"

/* The firmware's loop offers the stack at most this many notifications a pass. */
#define HH_BLE_PUMP_PER_LOOP 8u

typedef struct {
    csv_recording recording;
    hh_ble_link link;
    long long now_us;
    unsigned busy_percent;
    uint32_t random_state;
    unsigned long lines;
    int failed;
} pretend_board;

static int stack_notify(void *context, const uint8_t *bytes, size_t length)
{
    pretend_board *b = context;
    size_t i;
    if (b->busy_percent) {
        /* xorshift32: the same pattern on every run */
        b->random_state ^= b->random_state << 13;
        b->random_state ^= b->random_state >> 17;
        b->random_state ^= b->random_state << 5;
        if (b->random_state % 100u < b->busy_percent)
            return 0;
    }
    for (i = 0; i < length; i++)
        if (printf("%02x", bytes[i]) < 0)
            b->failed = 1;
    if (putchar('\n') == EOF)
        b->failed = 1;
    b->lines++;
    return 1;
}

static int board_write(void *context, const uint8_t *bytes, size_t length)
{
    pretend_board *b = context;
    return hh_ble_queue_frame(&b->link, bytes, length);
}

static uint32_t board_now_us(void *context)
{
    return (uint32_t)((pretend_board *)context)->now_us;
}

static void board_fill_hello(void *context, hh_hello *h)
{
    pretend_board *b = context;
    const char *name = b->recording.sensor[0] ? b->recording.sensor : "virtual";
    size_t k;
    h->firmware_major = 1;
    h->device_id = 0x626c652d6e757331ull; /* "ble-nus1" */
    h->acc_range_g = 16.0f;
    h->gyr_range_dps = 2000.0f;
    strcpy(h->axis_alignment, "+X+Y+Z");
    for (k = 0; k + 1 < sizeof h->sensor_model && name[k]; k++)
        h->sensor_model[k] = name[k];
    h->sensor_model[k] = '\0';
    strcpy(h->board, "virtual-ble");
}

static void board_fill_status(void *context, hh_status *s)
{
    (void)context;
    s->flags = HH_STATUS_FLAG_EXTERNAL_POWER;
}

static int number_arg(const char *name, const char *value, long low, long high, long *out)
{
    char *end;
    long v;
    if (!value) {
        fprintf(stderr, "hiphike-ble-notifications: %s needs a value\n", name);
        return -1;
    }
    errno = 0;
    v = strtol(value, &end, 10);
    if (errno || *end || end == value || v < low || v > high) {
        fprintf(stderr, "hiphike-ble-notifications: %s must be a whole number from %ld to %ld, not '%s'\n", name, low,
                high, value);
        return -1;
    }
    *out = v;
    return 0;
}

int main(int argc, char **argv)
{
    static pretend_board b;
    static hh_device device;
    hh_device_platform platform;
    const char *csv_path = NULL;
    long mtu = 185, batch = 4, busy = 0;
    char error[512];
    long long next_status_us;
    size_t i;
    int a;

    for (a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--mtu") == 0) {
            if (number_arg("--mtu", argv[++a], (long)HH_BLE_DEFAULT_ATT_MTU, (long)HH_BLE_MAX_ATT_MTU, &mtu) != 0)
                return 2;
        } else if (strcmp(argv[a], "--batch") == 0) {
            if (number_arg("--batch", argv[++a], 1, HH_IMU_MAX_SAMPLES, &batch) != 0)
                return 2;
        } else if (strcmp(argv[a], "--busy-percent") == 0) {
            if (number_arg("--busy-percent", argv[++a], 0, 90, &busy) != 0)
                return 2;
        } else if (argv[a][0] == '-' || csv_path) {
            fprintf(stderr, "usage: hiphike-ble-notifications RECORDING.csv [--mtu N] [--batch N] [--busy-percent P]\n");
            return 2;
        } else {
            csv_path = argv[a];
        }
    }
    if (!csv_path) {
        fprintf(stderr, "usage: hiphike-ble-notifications RECORDING.csv [--mtu N] [--batch N] [--busy-percent P]\n");
        return 2;
    }
    if (csv_recording_load(csv_path, &b.recording, error, sizeof error) != 0) {
        fprintf(stderr, "hiphike-ble-notifications: %s\n", error);
        return 1;
    }
    if (b.recording.count == 0) {
        fprintf(stderr, "hiphike-ble-notifications: %s has no samples\n", csv_path);
        csv_recording_free(&b.recording);
        return 1;
    }
    b.busy_percent = (unsigned)busy;
    b.random_state = 2463534242u;

    memset(&platform, 0, sizeof platform);
    platform.context = &b;
    platform.write = board_write;
    platform.now_us = board_now_us;
    platform.fill_hello = board_fill_hello;
    platform.fill_status = board_fill_status;
    platform.sample_rate_hz = (float)csv_recording_rate_hz(&b.recording);
    platform.samples_per_message = (uint8_t)batch;
    platform.with_magnetometer = (uint8_t)b.recording.has_magnetometer;
    hh_device_init(&device, &platform);

    /* A central connects, exchanges the MTU and enables notifications. */
    hh_ble_init(&b.link, HH_BLE_MAX_NOTIFY_BYTES);
    hh_ble_advertise_result(&b.link, 1, 0);
    hh_ble_on_connected(&b.link);
    hh_ble_on_mtu(&b.link, (uint16_t)mtu);
    b.now_us = csv_row_time_us(&b.recording.rows[0]);
    if (hh_ble_on_subscribed(&b.link, 1))
        hh_device_connected(&device);

    next_status_us = b.now_us + 1000000;
    for (i = 0; i < b.recording.count && !b.failed; i++) {
        const csv_row *row = &b.recording.rows[i];
        hh_imu_sample s;
        long long t_us = csv_row_time_us(row);
        while (t_us >= next_status_us) {
            b.now_us = next_status_us;
            hh_device_send_status(&device);
            next_status_us += 1000000;
        }
        b.now_us = t_us;
        s.timestamp_us = (uint32_t)t_us;
        s.acc_g = row->acc_g;
        s.gyr_dps = row->gyr_dps;
        s.mag_ut = row->mag_ut;
        hh_device_add_sample(&device, &s);
        hh_ble_pump(&b.link, stack_notify, &b, HH_BLE_PUMP_PER_LOOP);
    }
    hh_device_flush(&device);
    for (i = 0; i < 100000 && hh_ble_queued_bytes(&b.link) > 0 && !b.failed; i++)
        hh_ble_pump(&b.link, stack_notify, &b, HH_BLE_PUMP_PER_LOOP);
    fflush(stdout);
    fprintf(stderr,
            "hiphike-ble-notifications: %zu samples, ATT MTU %ld (%zu bytes a notification): %lu notifications, "
            "%lu bytes, %lu busy answers, %lu frames refused\n",
            b.recording.count, mtu, hh_ble_notify_bytes(&b.link), b.lines, (unsigned long)b.link.stats.bytes_sent,
            (unsigned long)b.link.stats.notify_busy, (unsigned long)b.link.stats.frames_refused);
    csv_recording_free(&b.recording);
    if (b.failed || ferror(stdout)) {
        fprintf(stderr, "hiphike-ble-notifications: could not write the output\n");
        return 1;
    }
    return b.link.stats.frames_refused ? 1 : 0;
}
