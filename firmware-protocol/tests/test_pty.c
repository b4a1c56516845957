/*
 * Host commands over a real serial path: runs the virtual sensor on the slave
 * side of a pseudo-terminal and talks to it from the master side.
 *   test_pty PATH/TO/hiphike-virtual-sensor RECORDING.csv   (a 100 Hz recording)
 * Checks every command of PROTOCOL.md section 8 and its reply, that STOP
 * really stops IMU messages, that SET_RATE changes rate and batch, and that
 * the device resynchronises after garbage. Each wait has a time limit.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../hiphike_protocol.h"

#define WAIT_MS 3000

static int master = -1, failures;
static pid_t child = -1;
static hh_stream stream;
static uint16_t host_seq;

static long long monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void fail(const char *what)
{
    fprintf(stderr, "test_pty: %s\n", what);
    failures++;
}

static void check(int cond, const char *what)
{
    if (!cond)
        fail(what);
}

/* Next decoded message, or 0 after timeout_ms. Framing errors fail the test. */
static int next_message(hh_message *m, int timeout_ms)
{
    static uint8_t buffer[512];
    static size_t have, at;
    long long deadline = monotonic_ms() + timeout_ms;
    hh_frame frame;

    for (;;) {
        while (at < have) {
            hh_result r = hh_stream_push(&stream, buffer[at++], &frame);
            if (r == HH_OK) {
                r = hh_stream_decode_message(&stream, &frame, m);
                if (r != HH_OK)
                    fail(hh_result_name(r));
                else
                    return 1;
            } else if (r != HH_PENDING) {
                fail(hh_result_name(r));
            }
        }
        {
            struct pollfd p;
            long long left = deadline - monotonic_ms();
            ssize_t n;
            if (left <= 0)
                return 0;
            p.fd = master;
            p.events = POLLIN;
            if (poll(&p, 1, (int)left) <= 0)
                return 0;
            n = read(master, buffer, sizeof buffer);
            if (n <= 0)
                return 0;
            have = (size_t)n;
            at = 0;
        }
    }
}

static void send_bytes(const uint8_t *bytes, size_t n)
{
    if (write(master, bytes, n) != (ssize_t)n)
        fail("write to the pseudo-terminal");
}

static uint16_t send_command(hh_message *m)
{
    uint8_t wire[HH_MAX_WIRE];
    size_t n;
    m->seq = host_seq++;
    n = hh_message_encode(m, wire, sizeof wire);
    if (n == 0) /* an id this version does not define: empty payload */
        n = hh_frame_encode(m->id, m->seq, NULL, 0, wire, sizeof wire);
    send_bytes(wire, n);
    return m->seq;
}

/* Sends a command and waits for its reply; other messages are skipped. */
static int command(uint8_t id, hh_message *body, hh_message *reply)
{
    hh_message m;
    uint16_t seq;
    long long deadline = monotonic_ms() + WAIT_MS;
    if (body)
        m = *body;
    else
        memset(&m, 0, sizeof m);
    m.id = id;
    seq = send_command(&m);
    while (monotonic_ms() < deadline) {
        if (!next_message(reply, (int)(deadline - monotonic_ms())))
            break;
        if (reply->id == (HH_REPLY_FLAG | id) && reply->as.reply.command_seq == seq)
            return 1;
    }
    fprintf(stderr, "test_pty: no reply to command 0x%02x\n", id);
    failures++;
    return 0;
}

/* Waits for a message with the given id. */
static int wait_for(uint8_t id, hh_message *m)
{
    long long deadline = monotonic_ms() + WAIT_MS;
    while (monotonic_ms() < deadline)
        if (next_message(m, (int)(deadline - monotonic_ms())) && m->id == id)
            return 1;
    fprintf(stderr, "test_pty: no message 0x%02x\n", id);
    failures++;
    return 0;
}

static void stop_child(void)
{
    if (child > 0) {
        int status;
        kill(child, SIGTERM);
        waitpid(child, &status, 0);
        child = -1;
    }
}

int main(int argc, char **argv)
{
    const char *slave_name;
    int slave_keepalive;
    hh_message m, r;
    int i, imu_after_stop = 0;

    if (argc != 3) {
        fprintf(stderr, "usage: test_pty VIRTUAL_SENSOR RECORDING.csv\n");
        return 2;
    }
    master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0 || !(slave_name = ptsname(master))) {
        perror("test_pty: pseudo-terminal");
        return 1;
    }
    /* Held open so the master never sees a hang-up between opens. */
    slave_keepalive = open(slave_name, O_RDWR | O_NOCTTY);
    hh_stream_init(&stream);

    child = fork();
    if (child == 0) {
        execl(argv[1], argv[1], argv[2], "--device", slave_name, "--speed", "4", "--loop", (char *)NULL);
        perror("test_pty: exec");
        _exit(127);
    }

    /* Power-up: HELLO first, at the recording's rate. */
    check(wait_for(HH_MSG_HELLO, &m), "HELLO after start");
    check(m.as.hello.sample_rate_hz == 100.0f, "HELLO rate 100 Hz");
    check(m.as.hello.protocol_major == 1, "HELLO protocol 1");
    check(wait_for(HH_MSG_IMU, &m), "IMU while streaming");

    /* STOP: OK, then no IMU message, STATUS says stopped. */
    if (command(HH_CMD_STOP_STREAMING, NULL, &r))
        check(r.as.reply.status == HH_STATUS_OK, "STOP status OK");
    {
        long long until = monotonic_ms() + 1000; /* 4 s of recording at speed 4: 4 STATUS */
        int status_seen = 0;
        while (monotonic_ms() < until) {
            if (!next_message(&m, (int)(until - monotonic_ms())))
                break;
            if (m.id == HH_MSG_IMU)
                imu_after_stop++;
            if (m.id == HH_MSG_STATUS) {
                status_seen = 1;
                check(m.as.status.streaming == 0, "STATUS streaming 0 after STOP");
            }
        }
        check(imu_after_stop == 0, "no IMU after STOP reply");
        check(status_seen, "STATUS continues while stopped");
    }

    /* SET_RATE 50 Hz, batch 3: rows decimated by 2. */
    memset(&m, 0, sizeof m);
    m.as.set_rate.sample_rate_hz = 50.0f;
    m.as.set_rate.samples_per_message = 3;
    if (command(HH_CMD_SET_RATE, &m, &r)) {
        check(r.as.reply.status == HH_STATUS_OK, "SET_RATE status OK");
        check(r.as.reply.sample_rate_hz == 50.0f, "SET_RATE actual 50 Hz");
        check(r.as.reply.samples_per_message == 3, "SET_RATE batch 3");
    }
    if (command(HH_CMD_START_STREAMING, NULL, &r))
        check(r.as.reply.status == HH_STATUS_OK, "START status OK");
    for (i = 0; i < 3; i++) {
        if (!wait_for(HH_MSG_IMU, &m))
            break;
        check(m.as.imu.count == 3, "IMU batch of 3 after SET_RATE");
        /* 50 Hz: 20 ms apart (the recording jitters by up to 1.6 ms, and has one 0.5 s gap) */
        if (m.as.imu.count == 3) {
            uint32_t dt = m.as.imu.samples[1].timestamp_us - m.as.imu.samples[0].timestamp_us;
            check((dt > 17000 && dt < 23000) || dt > 400000, "IMU samples 20 ms apart at 50 Hz");
        }
    }

    /* Invalid values. */
    memset(&m, 0, sizeof m);
    m.as.set_rate.samples_per_message = 9;
    if (command(HH_CMD_SET_RATE, &m, &r))
        check(r.as.reply.status == HH_STATUS_BAD_VALUE, "SET_RATE batch 9: BAD_VALUE");
    {
        static const uint8_t two_bytes[2] = {0x00, 0x00};
        uint8_t wire[HH_MAX_WIRE];
        uint16_t seq = host_seq++;
        size_t n = hh_frame_encode(HH_CMD_SET_RATE, seq, two_bytes, 2, wire, sizeof wire);
        long long deadline = monotonic_ms() + WAIT_MS;
        int answered = 0;
        send_bytes(wire, n);
        while (!answered && next_message(&r, (int)(deadline - monotonic_ms())))
            if (r.id == (HH_REPLY_FLAG | HH_CMD_SET_RATE) && r.as.reply.command_seq == seq) {
                answered = 1;
                check(r.as.reply.status == HH_STATUS_BAD_LENGTH, "SET_RATE of 2 bytes: BAD_LENGTH");
            }
        check(answered, "reply to a short SET_RATE");
    }
    if (command(0x50, NULL, &r))
        check(r.as.reply.status == HH_STATUS_UNKNOWN_COMMAND, "command 0x50: UNKNOWN_COMMAND");

    /* IDENTIFY and TIME_SYNC. */
    memset(&m, 0, sizeof m);
    m.as.identify.duration_ms = 500;
    if (command(HH_CMD_IDENTIFY, &m, &r))
        check(r.as.reply.status == HH_STATUS_OK, "IDENTIFY OK");
    memset(&m, 0, sizeof m);
    m.as.time_sync.host_token = 0xCAFEF00Du;
    if (command(HH_CMD_TIME_SYNC, &m, &r)) {
        check(r.as.reply.status == HH_STATUS_OK, "TIME_SYNC OK");
        check(r.as.reply.host_token == 0xCAFEF00Du, "TIME_SYNC echoes the token");
        check(r.as.reply.device_timestamp_us > 1000000u, "TIME_SYNC device clock running");
    }

    /* GET_INFO and GET_STATUS: reply, then the message. */
    if (command(HH_CMD_GET_INFO, NULL, &r)) {
        check(next_message(&m, WAIT_MS) && m.id == HH_MSG_HELLO, "HELLO right after GET_INFO reply");
        check(m.as.hello.sample_rate_hz == 50.0f && m.as.hello.samples_per_message == 3, "HELLO shows the new rate");
    }
    if (command(HH_CMD_GET_STATUS, NULL, &r)) {
        check(next_message(&m, WAIT_MS) && m.id == HH_MSG_STATUS, "STATUS right after GET_STATUS reply");
        check(m.as.status.streaming == 1 && m.as.status.sample_rate_hz == 50.0f, "STATUS streaming at 50 Hz");
    }

    /* Garbage on the line: the device resynchronises at the next 0x00. */
    {
        static const uint8_t garbage[] = {0x07, 0x41, 0x99, 0x13, 0x00, 0x05, 0xFF};
        send_bytes(garbage, sizeof garbage - 2); /* a bad piece, ended by 0x00 */
        send_bytes(garbage + 5, 2);              /* a half piece, ended by the command's own bytes */
        send_bytes((const uint8_t *)"\0", 1);
        if (command(HH_CMD_START_STREAMING, NULL, &r))
            check(r.as.reply.status == HH_STATUS_OK, "command after garbage answered");
    }

    stop_child();
    close(slave_keepalive);
    close(master);
    printf("test_pty: virtual sensor on a pseudo-terminal: %s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
