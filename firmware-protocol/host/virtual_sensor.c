/*
 * hiphike-virtual-sensor: plays a CSV v1 recording as a hiphike sensor.
 *
 *   hiphike-virtual-sensor RECORDING.csv [--device PATH] [--speed X] [--batch N]
 *                          [--loop] [--no-hello]
 *
 * Sends an idle 0x00 and HELLO, then IMU messages paced by the recording's
 * time_s (timestamps are time_s in microseconds), and STATUS every second of
 * recording time, to stdout or to a serial device or pseudo-terminal (set to
 * raw mode). Host commands are read from the device (or from stdin when it is
 * a pipe) and answered by the same device code as the firmware
 * (hiphike_device.c). --speed 0 sends as fast as possible.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "../hiphike_device.h"
#include "csv_recording.h"

#define VERSION_MAJOR 1
#define VERSION_MINOR 0
#define VERSION_PATCH 0

typedef struct {
    csv_recording recording;
    const char *device_path;
    double speed;
    int loop;
    int hello;
    int batch;
    int out_fd;
    int in_fd;
    int failed;                 /* the output went away */
    double recording_rate_hz;
    unsigned decimation;        /* send every n-th row (SET_RATE below the recording's rate) */
    long long position_us;      /* device time of the row being played */
    long long first_us;         /* device time of the first row */
    long long wall_start_us;
    unsigned long frames_written;
    unsigned long samples_sent;
} virtual_sensor;

static volatile sig_atomic_t stop_requested;

static void on_signal(int signal_number)
{
    (void)signal_number;
    stop_requested = 1;
}

static long long monotonic_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

/* The device clock: the recording time at this wall time. */
static long long device_now_us(const virtual_sensor *vs)
{
    if (vs->speed <= 0.0)
        return vs->position_us;
    return vs->first_us + (long long)((double)(monotonic_us() - vs->wall_start_us) * vs->speed);
}

/* ---------------------------------------------------- platform callbacks */

static int platform_write(void *context, const uint8_t *bytes, size_t length)
{
    virtual_sensor *vs = context;
    size_t done = 0;
    if (vs->failed)
        return 0;
    while (done < length) {
        ssize_t n = write(vs->out_fd, bytes + done, length - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            fprintf(stderr, "hiphike-virtual-sensor: write: %s\n", strerror(errno));
            vs->failed = 1;
            return 0;
        }
        done += (size_t)n;
    }
    if (length > 1)
        vs->frames_written++; /* not the idle delimiter */
    return 1;
}

static uint32_t platform_now_us(void *context)
{
    return (uint32_t)device_now_us(context);
}

static void platform_fill_hello(void *context, hh_hello *h)
{
    virtual_sensor *vs = context;
    h->firmware_major = VERSION_MAJOR;
    h->firmware_minor = VERSION_MINOR;
    h->firmware_patch = VERSION_PATCH;
    h->capabilities = 0;
    h->device_id = 0x7669727475616c31ull; /* "virtual1" */
    /* Nominal ranges; the scales are 0 because the samples are not raw counts. */
    h->acc_range_g = 16.0f;
    h->acc_scale_g_per_lsb = 0.0f;
    h->gyr_range_dps = 2000.0f;
    h->gyr_scale_dps_per_lsb = 0.0f;
    strcpy(h->axis_alignment, "+X+Y+Z");
    /* The recording's sensor name, cut to the 16 bytes of the field. */
    {
        const char *name = vs->recording.sensor[0] ? vs->recording.sensor : "virtual";
        size_t k;
        for (k = 0; k + 1 < sizeof h->sensor_model && name[k]; k++)
            h->sensor_model[k] = name[k];
        h->sensor_model[k] = '\0';
    }
    strcpy(h->board, "virtual");
}

static void platform_fill_status(void *context, hh_status *s)
{
    (void)context;
    s->flags = HH_STATUS_FLAG_EXTERNAL_POWER;
}

/* Rates below the recording's are made by sending every n-th row. */
static uint8_t platform_set_rate(void *context, float wanted_hz, float *actual_hz)
{
    virtual_sensor *vs = context;
    double n = floor(vs->recording_rate_hz / wanted_hz + 0.5);
    vs->decimation = n < 1.0 ? 1u : (unsigned)n;
    *actual_hz = (float)(vs->recording_rate_hz / vs->decimation);
    return HH_STATUS_OK;
}

static uint8_t platform_identify(void *context, uint16_t duration_ms)
{
    (void)context;
    fprintf(stderr, "hiphike-virtual-sensor: identify: LED blinking for %u ms\n", duration_ms);
    return HH_STATUS_OK;
}

/* ------------------------------------------------------------------ I/O */

static int open_device(virtual_sensor *vs)
{
    int fd = open(vs->device_path, O_RDWR | O_NOCTTY);
    struct termios t;
    if (fd < 0) {
        fprintf(stderr, "hiphike-virtual-sensor: %s: %s\n", vs->device_path, strerror(errno));
        return -1;
    }
    if (isatty(fd)) {
        /* Raw: no echo, no line editing, no CR/LF translation; 0x00..0xFF are data. */
        if (tcgetattr(fd, &t) != 0) {
            fprintf(stderr, "hiphike-virtual-sensor: %s: %s\n", vs->device_path, strerror(errno));
            close(fd);
            return -1;
        }
        cfmakeraw(&t);
        cfsetispeed(&t, B115200);
        cfsetospeed(&t, B115200);
        t.c_cflag |= CLOCAL | CREAD;
        t.c_cc[VMIN] = 1;
        t.c_cc[VTIME] = 0;
        if (tcsetattr(fd, TCSANOW, &t) != 0) {
            fprintf(stderr, "hiphike-virtual-sensor: %s: %s\n", vs->device_path, strerror(errno));
            close(fd);
            return -1;
        }
    }
    vs->out_fd = fd;
    vs->in_fd = fd;
    return 0;
}

/* Waits up to timeout_us for commands and hands them to the device. */
static void read_commands(virtual_sensor *vs, hh_device *device, long long timeout_us)
{
    struct pollfd p;
    uint8_t buffer[256];
    int timeout_ms = timeout_us <= 0 ? 0 : (int)((timeout_us + 999) / 1000);

    if (vs->in_fd < 0) {
        if (timeout_us > 0) {
            struct timespec ts;
            ts.tv_sec = timeout_us / 1000000;
            ts.tv_nsec = (long)(timeout_us % 1000000) * 1000;
            nanosleep(&ts, NULL);
        }
        return;
    }
    p.fd = vs->in_fd;
    p.events = POLLIN;
    p.revents = 0;
    if (poll(&p, 1, timeout_ms) <= 0)
        return;
    if (p.revents & POLLIN) {
        ssize_t n = read(vs->in_fd, buffer, sizeof buffer);
        if (n > 0) {
            hh_device_receive(device, buffer, (size_t)n);
            return;
        }
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            return;
    }
    /* End of input or hang-up: no more commands (writes will tell if the
     * host is gone too). */
    vs->in_fd = -1;
}

/* ----------------------------------------------------------------- main */

static void usage(FILE *out)
{
    fprintf(out,
            "usage: hiphike-virtual-sensor RECORDING.csv [--device PATH] [--speed X] [--batch N]\n"
            "                              [--loop] [--no-hello]\n"
            "  --device PATH  serial device or pseudo-terminal to write to (raw mode); default stdout\n"
            "  --speed X      playback speed, 1 = real time (default), 0 = as fast as possible\n"
            "  --batch N      samples per IMU message, 1..8 (1..6 with magnetometer); default 1\n"
            "  --loop         start again at the end, the clock continuing\n"
            "  --no-hello     do not send HELLO first (a host that connects mid-stream)\n");
}

static int parse_args(int argc, char **argv, virtual_sensor *vs, const char **csv_path)
{
    int i;
    *csv_path = NULL;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        char *end;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        } else if (strcmp(a, "--version") == 0) {
            printf("hiphike-virtual-sensor %d.%d.%d (protocol %d.%d)\n", VERSION_MAJOR, VERSION_MINOR,
                   VERSION_PATCH, HH_PROTOCOL_MAJOR, HH_PROTOCOL_MINOR);
            exit(0);
        } else if (strcmp(a, "--device") == 0 && i + 1 < argc) {
            vs->device_path = argv[++i];
        } else if (strcmp(a, "--speed") == 0 && i + 1 < argc) {
            vs->speed = strtod(argv[++i], &end);
            if (*end != '\0' || !(vs->speed >= 0.0) || vs->speed > 1000.0) {
                fprintf(stderr, "hiphike-virtual-sensor: --speed: expected a number 0..1000, got '%s'\n", argv[i]);
                return -1;
            }
        } else if (strcmp(a, "--batch") == 0 && i + 1 < argc) {
            long n = strtol(argv[++i], &end, 10);
            if (*end != '\0' || n < 1 || n > HH_IMU_MAX_SAMPLES) {
                fprintf(stderr, "hiphike-virtual-sensor: --batch: expected 1..8, got '%s'\n", argv[i]);
                return -1;
            }
            vs->batch = (int)n;
        } else if (strcmp(a, "--loop") == 0) {
            vs->loop = 1;
        } else if (strcmp(a, "--no-hello") == 0) {
            vs->hello = 0;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "hiphike-virtual-sensor: unknown or incomplete option '%s'\n", a);
            usage(stderr);
            return -1;
        } else if (!*csv_path) {
            *csv_path = a;
        } else {
            fprintf(stderr, "hiphike-virtual-sensor: one recording only ('%s')\n", a);
            return -1;
        }
    }
    if (!*csv_path) {
        usage(stderr);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    static virtual_sensor vs;
    static hh_device device;
    hh_device_platform platform;
    const char *csv_path;
    char error[512];
    long long loop_offset_us = 0, next_status_us, duration_us, period_us;
    unsigned long row_counter = 0;
    size_t i = 0;

    vs.speed = 1.0;
    vs.hello = 1;
    vs.batch = 1;
    vs.in_fd = -1;
    vs.out_fd = STDOUT_FILENO;
    vs.decimation = 1;
    if (parse_args(argc, argv, &vs, &csv_path) != 0)
        return 2;
    if (csv_recording_load(csv_path, &vs.recording, error, sizeof error) != 0) {
        fprintf(stderr, "hiphike-virtual-sensor: %s\n", error);
        return 1;
    }
    if (vs.recording.has_magnetometer && vs.batch > HH_IMU_MAX_SAMPLES_MAG) {
        fprintf(stderr, "hiphike-virtual-sensor: --batch: at most %d with magnetometer columns\n",
                HH_IMU_MAX_SAMPLES_MAG);
        return 2;
    }
    vs.recording_rate_hz = csv_recording_rate_hz(&vs.recording);
    if (vs.device_path) {
        if (open_device(&vs) != 0)
            return 1;
    } else if (!isatty(STDIN_FILENO)) {
        vs.in_fd = STDIN_FILENO; /* commands through a pipe, e.g. socat */
    }
    signal(SIGPIPE, SIG_IGN);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);

    memset(&platform, 0, sizeof platform);
    platform.context = &vs;
    platform.write = platform_write;
    platform.now_us = platform_now_us;
    platform.fill_hello = platform_fill_hello;
    platform.fill_status = platform_fill_status;
    platform.set_rate = platform_set_rate;
    platform.identify = platform_identify;
    platform.sample_rate_hz = (float)vs.recording_rate_hz;
    platform.samples_per_message = (uint8_t)vs.batch;
    platform.with_magnetometer = (uint8_t)vs.recording.has_magnetometer;
    hh_device_init(&device, &platform);

    vs.first_us = csv_row_time_us(&vs.recording.rows[0]);
    vs.position_us = vs.first_us;
    vs.wall_start_us = monotonic_us();
    period_us = (long long)(1e6 / vs.recording_rate_hz + 0.5);
    duration_us = csv_row_time_us(&vs.recording.rows[vs.recording.count - 1]) - vs.first_us + period_us;
    next_status_us = vs.first_us + 1000000;
    if (vs.hello)
        hh_device_connected(&device);

    while (!stop_requested && !vs.failed) {
        const csv_row *row = &vs.recording.rows[i];
        long long t_us = csv_row_time_us(row) + loop_offset_us;
        unsigned decimation = vs.decimation;

        if (vs.speed > 0.0) {
            /* Wait for the row's time, sending STATUS on time during gaps and
             * answering commands meanwhile. */
            long long due = vs.wall_start_us + (long long)((double)(t_us - vs.first_us) / vs.speed);
            for (;;) {
                long long now = monotonic_us();
                long long status_due =
                    vs.wall_start_us + (long long)((double)(next_status_us - vs.first_us) / vs.speed);
                if (stop_requested || vs.failed)
                    break;
                if (next_status_us <= t_us && now >= status_due) {
                    hh_device_send_status(&device);
                    next_status_us += 1000000;
                    continue;
                }
                if (now >= due)
                    break;
                read_commands(&vs, &device, (status_due < due && next_status_us <= t_us ? status_due : due) - now);
            }
        } else {
            read_commands(&vs, &device, 0);
        }
        if (stop_requested || vs.failed)
            break;
        if (decimation != vs.decimation)
            row_counter = 0; /* the rate changed while waiting */
        /* As fast as possible: the device clock jumps from row to row, and a
         * STATUS is stamped with the whole second it stands for. */
        while (t_us >= next_status_us) {
            vs.position_us = next_status_us;
            hh_device_send_status(&device);
            next_status_us += 1000000;
        }
        vs.position_us = t_us;
        if (row_counter++ % vs.decimation == 0) {
            hh_imu_sample s;
            s.timestamp_us = (uint32_t)t_us;
            s.acc_g = row->acc_g;
            s.gyr_dps = row->gyr_dps;
            s.mag_ut = row->mag_ut;
            if (device.streaming)
                vs.samples_sent++;
            hh_device_add_sample(&device, &s);
        }
        if (++i == vs.recording.count) {
            if (!vs.loop)
                break;
            i = 0;
            loop_offset_us += duration_us;
        }
    }
    hh_device_flush(&device);
    fprintf(stderr, "hiphike-virtual-sensor: %lu samples in %lu frames from %s\n", vs.samples_sent,
            vs.frames_written, csv_path);
    csv_recording_free(&vs.recording);
    if (vs.device_path)
        close(vs.out_fd);
    return vs.failed ? 1 : 0;
}
