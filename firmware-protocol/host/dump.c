/*
 * hiphike-dump: reads a hiphike sensor (or a capture file) and writes the
 * samples as a CSV v1 recording.
 *
 *   hiphike-dump [--device PATH | CAPTURE.hhk | -] [--seconds S] [--capture OUT.hhk]
 *
 * CSV to stdout; HELLO, STATUS, replies, errors and a final summary to stderr.
 * On a device (serial port, pseudo-terminal) it asks for HELLO with GET_INFO
 * first, so it can join a sensor that is already streaming. time_s is the
 * sensor's clock (timestamps unwrapped, PROTOCOL.md 9.3) from the first sample.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "../hiphike_protocol.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int signal_number)
{
    (void)signal_number;
    stop_requested = 1;
}

static int open_device(const char *path)
{
    struct termios t;
    int fd = open(path, O_RDWR | O_NOCTTY);
    if (fd < 0)
        return -1;
    if (isatty(fd) && tcgetattr(fd, &t) == 0) {
        cfmakeraw(&t);
        cfsetispeed(&t, B115200);
        cfsetospeed(&t, B115200);
        t.c_cflag |= CLOCAL | CREAD;
        t.c_cc[VMIN] = 1;
        t.c_cc[VTIME] = 0;
        tcsetattr(fd, TCSANOW, &t);
    }
    return fd;
}

typedef struct {
    int header_written;
    int with_mag;
    int have_hello;
    hh_hello hello;
    int have_first;
    int64_t first_us;
    int64_t last_us;
    hh_unwrap unwrap;
    unsigned long samples;
    unsigned long backwards;
    unsigned long missing; /* samples missing according to timestamps */
    double rate_hz;
} dump_state;

/* The shortest decimal text that reads back as the same float32. */
static void print_float(float v)
{
    char text[32];
    int precision;
    for (precision = 6; precision < 9; precision++) {
        snprintf(text, sizeof text, "%.*g", precision, (double)v);
        if (strtof(text, NULL) == v)
            break;
    }
    if (precision == 9)
        snprintf(text, sizeof text, "%.9g", (double)v);
    putchar(',');
    fputs(text, stdout);
}

static void write_header(dump_state *d, int with_mag)
{
    printf("# hiphike recording v1\n");
    if (d->have_hello) {
        printf("# sensor: %s\n", d->hello.sensor_model);
        printf("# rate_hz: %.9g\n", (double)d->hello.sample_rate_hz);
        printf("# source: hiphike-dump, board %s, device %016llx, firmware %u.%u.%u, protocol %u.%u\n",
               d->hello.board, (unsigned long long)d->hello.device_id, d->hello.firmware_major,
               d->hello.firmware_minor, d->hello.firmware_patch, d->hello.protocol_major, d->hello.protocol_minor);
        printf("# note: axis alignment %s, acc range %.9g g, gyro range %.9g dps\n", d->hello.axis_alignment,
               (double)d->hello.acc_range_g, (double)d->hello.gyr_range_dps);
    }
    printf("time_s,acc_x_g,acc_y_g,acc_z_g,gyr_x_dps,gyr_y_dps,gyr_z_dps%s\n",
           with_mag ? ",mag_x_ut,mag_y_ut,mag_z_ut" : "");
    d->header_written = 1;
    d->with_mag = with_mag;
}

static void on_imu(dump_state *d, const hh_imu *imu)
{
    int k;
    if (!d->header_written)
        write_header(d, imu->flags & HH_IMU_FLAG_MAG);
    for (k = 0; k < imu->count; k++) {
        const hh_imu_sample *s = &imu->samples[k];
        int64_t t = hh_unwrap_update(&d->unwrap, s->timestamp_us);
        if (!d->have_first) {
            d->have_first = 1;
            d->first_us = t;
        } else if (t < d->last_us) {
            d->backwards++; /* CSV v1 time never goes back: a restarted device */
            continue;
        } else if (d->rate_hz > 0.0) {
            double periods = (double)(t - d->last_us) * d->rate_hz / 1e6;
            if (periods > 1.5)
                d->missing += (unsigned long)(periods + 0.5) - 1;
        }
        d->last_us = t;
        printf("%.6f", (double)(t - d->first_us) / 1e6);
        print_float(s->acc_g.x);
        print_float(s->acc_g.y);
        print_float(s->acc_g.z);
        print_float(s->gyr_dps.x);
        print_float(s->gyr_dps.y);
        print_float(s->gyr_dps.z);
        if (d->with_mag) {
            print_float(s->mag_ut.x);
            print_float(s->mag_ut.y);
            print_float(s->mag_ut.z);
        }
        putchar('\n');
        d->samples++;
    }
}

static void on_message(dump_state *d, const hh_message *m)
{
    switch (m->id) {
    case HH_MSG_HELLO:
        if (m->as.hello.protocol_major != HH_PROTOCOL_MAJOR) {
            fprintf(stderr, "hiphike-dump: protocol %u.%u: this reader knows %d.x only; stopping\n",
                    m->as.hello.protocol_major, m->as.hello.protocol_minor, HH_PROTOCOL_MAJOR);
            stop_requested = 1;
            return;
        }
        d->hello = m->as.hello;
        d->have_hello = 1;
        d->rate_hz = m->as.hello.sample_rate_hz;
        fprintf(stderr,
                "HELLO protocol %u.%u, %s on %s, device %016llx, firmware %u.%u.%u, %.9g Hz, %u per message, "
                "+-%.9g g, +-%.9g dps, alignment %s\n",
                m->as.hello.protocol_major, m->as.hello.protocol_minor, m->as.hello.sensor_model, m->as.hello.board,
                (unsigned long long)m->as.hello.device_id, m->as.hello.firmware_major, m->as.hello.firmware_minor,
                m->as.hello.firmware_patch, (double)m->as.hello.sample_rate_hz, m->as.hello.samples_per_message,
                (double)m->as.hello.acc_range_g, (double)m->as.hello.gyr_range_dps, m->as.hello.axis_alignment);
        break;
    case HH_MSG_IMU:
        on_imu(d, &m->as.imu);
        break;
    case HH_MSG_STATUS:
        d->rate_hz = m->as.status.sample_rate_hz;
        fprintf(stderr, "STATUS t=%.3f s, %s, %.9g Hz, dropped %lu, battery ", m->as.status.timestamp_us / 1e6,
                m->as.status.streaming ? "streaming" : "stopped", (double)m->as.status.sample_rate_hz,
                (unsigned long)m->as.status.samples_dropped);
        if (m->as.status.battery_mv == HH_BATTERY_MV_UNKNOWN)
            fprintf(stderr, "unknown");
        else
            fprintf(stderr, "%u mV", m->as.status.battery_mv);
        if (m->as.status.temperature_cdeg_c != HH_TEMPERATURE_UNKNOWN)
            fprintf(stderr, ", %.2f degC", m->as.status.temperature_cdeg_c / 100.0);
        fprintf(stderr, "%s\n", m->as.status.flags & HH_STATUS_FLAG_IMU_FAULT ? ", IMU FAULT" : "");
        break;
    default:
        if (HH_IS_REPLY(m->id))
            fprintf(stderr, "reply to 0x%02x (seq %u): status %u\n", m->id & 0x7F, m->as.reply.command_seq,
                    m->as.reply.status);
        break;
    }
}

int main(int argc, char **argv)
{
    const char *device = NULL, *input = NULL, *capture_path = NULL;
    double seconds = 0.0;
    int fd, i, is_device = 0;
    FILE *capture = NULL;
    static dump_state d;
    hh_stream stream;
    hh_frame frame;
    hh_message m;
    uint8_t buffer[512];

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--device") == 0 && i + 1 < argc) {
            device = argv[++i];
        } else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
            seconds = strtod(argv[++i], NULL);
        } else if (strcmp(argv[i], "--capture") == 0 && i + 1 < argc) {
            capture_path = argv[++i];
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("usage: hiphike-dump [--device PATH | CAPTURE.hhk | -] [--seconds S] [--capture OUT.hhk]\n");
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "hiphike-dump: unknown or incomplete option '%s'\n", argv[i]);
            return 2;
        } else {
            input = argv[i];
        }
    }
    if (device) {
        fd = open_device(device);
        is_device = 1;
    } else if (!input || strcmp(input, "-") == 0) {
        fd = STDIN_FILENO;
    } else {
        fd = open(input, O_RDONLY);
    }
    if (fd < 0) {
        fprintf(stderr, "hiphike-dump: %s: %s\n", device ? device : input, strerror(errno));
        return 1;
    }
    if (capture_path && !(capture = fopen(capture_path, "wb"))) {
        fprintf(stderr, "hiphike-dump: %s: %s\n", capture_path, strerror(errno));
        return 1;
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    hh_stream_init(&stream);
    hh_unwrap_init(&d.unwrap);

    if (is_device) {
        /* Flush the device's decoder, then ask who it is. */
        hh_message get_info;
        size_t n;
        memset(&get_info, 0, sizeof get_info);
        get_info.id = HH_CMD_GET_INFO;
        buffer[0] = 0x00;
        n = hh_message_encode(&get_info, buffer + 1, sizeof buffer - 1);
        if (write(fd, buffer, n + 1) != (ssize_t)(n + 1))
            fprintf(stderr, "hiphike-dump: cannot send GET_INFO: %s\n", strerror(errno));
    }

    while (!stop_requested) {
        ssize_t n = read(fd, buffer, sizeof buffer), k;
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        if (capture)
            fwrite(buffer, 1, (size_t)n, capture);
        for (k = 0; k < n && !stop_requested; k++) {
            hh_result r = hh_stream_push(&stream, buffer[k], &frame);
            if (r == HH_PENDING)
                continue;
            if (r != HH_OK) {
                fprintf(stderr, "hiphike-dump: %s\n", hh_result_name(r));
                continue;
            }
            if (frame.lost_before)
                fprintf(stderr, "hiphike-dump: %u frames lost before seq %u\n", frame.lost_before, frame.seq);
            r = hh_stream_decode_message(&stream, &frame, &m);
            if (r != HH_OK) {
                fprintf(stderr, "hiphike-dump: message 0x%02x seq %u: %s\n", frame.id, frame.seq, hh_result_name(r));
                continue;
            }
            on_message(&d, &m);
            if (seconds > 0.0 && d.have_first && (double)(d.last_us - d.first_us) / 1e6 >= seconds)
                stop_requested = 1;
        }
        fflush(stdout);
    }
    if (hh_stream_finish(&stream) == HH_ERR_TRUNCATED)
        fprintf(stderr, "hiphike-dump: truncated frame at the end\n");
    fprintf(stderr,
            "hiphike-dump: %lu samples, %lu frames, %lu lost frames, %lu missing samples, %lu crc errors, "
            "%lu cobs errors, %lu unknown ids, %lu bad lengths, %lu samples going back in time\n",
            d.samples, (unsigned long)stream.stats.frames, (unsigned long)stream.stats.lost_frames, d.missing,
            (unsigned long)stream.stats.crc_errors, (unsigned long)stream.stats.cobs_errors,
            (unsigned long)stream.stats.unknown_ids, (unsigned long)stream.stats.bad_length, d.backwards);
    if (capture)
        fclose(capture);
    if (fd != STDIN_FILENO)
        close(fd);
    return d.samples > 0 ? 0 : 1;
}
