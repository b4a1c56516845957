/* hiphike sensor, device side: see hiphike_device.h and PROTOCOL.md section 8. */
#include "hiphike_device.h"

#define IDENTIFY_MAX_MS 10000u

static int send(hh_device *d, const hh_message *m)
{
    uint8_t wire[HH_MAX_WIRE];
    hh_message copy = *m;
    size_t n;

    copy.seq = d->tx_seq;
    n = hh_message_encode(&copy, wire, sizeof wire);
    if (n == 0)
        return 0;
    d->tx_seq++; /* counted even when the transport refuses it: the host sees the loss */
    return d->platform.write(d->platform.context, wire, n);
}

static uint8_t max_batch(const hh_device *d)
{
    return d->platform.with_magnetometer ? HH_IMU_MAX_SAMPLES_MAG : HH_IMU_MAX_SAMPLES;
}

void hh_device_init(hh_device *d, const hh_device_platform *platform)
{
    d->platform = *platform;
    hh_stream_init(&d->rx);
    d->tx_seq = 0;
    d->streaming = 1;
    d->samples_per_message = platform->samples_per_message;
    if (d->samples_per_message < 1)
        d->samples_per_message = 1;
    if (d->samples_per_message > max_batch(d))
        d->samples_per_message = max_batch(d);
    d->sample_rate_hz = platform->sample_rate_hz;
    d->samples_dropped = 0;
    d->pending.count = 0;
    d->pending.flags = platform->with_magnetometer ? HH_IMU_FLAG_MAG : 0;
}

void hh_device_connected(hh_device *d)
{
    static const uint8_t delimiter = 0x00;
    d->platform.write(d->platform.context, &delimiter, 1);
    d->streaming = 1;
    d->pending.count = 0;
    hh_device_send_hello(d);
}

void hh_device_send_hello(hh_device *d)
{
    hh_message m;
    hh_hello *h = &m.as.hello;
    uint8_t i;

    m.id = HH_MSG_HELLO;
    for (i = 0; i < sizeof h->axis_alignment; i++)
        h->axis_alignment[i] = '\0';
    for (i = 0; i < sizeof h->sensor_model; i++)
        h->sensor_model[i] = h->board[i] = '\0';
    h->firmware_major = h->firmware_minor = h->firmware_patch = 0;
    h->capabilities = 0;
    h->device_id = 0;
    h->acc_range_g = h->acc_scale_g_per_lsb = h->gyr_range_dps = h->gyr_scale_dps_per_lsb = 0.0f;
    d->platform.fill_hello(d->platform.context, h);
    h->protocol_major = HH_PROTOCOL_MAJOR;
    h->protocol_minor = HH_PROTOCOL_MINOR;
    h->sample_rate_hz = d->sample_rate_hz;
    h->samples_per_message = d->samples_per_message;
    if (d->platform.with_magnetometer)
        h->capabilities |= HH_CAP_MAGNETOMETER;
    if (d->platform.identify)
        h->capabilities |= HH_CAP_IDENTIFY_LED;
    send(d, &m);
}

void hh_device_send_status(hh_device *d)
{
    hh_message m;
    hh_status *s = &m.as.status;

    m.id = HH_MSG_STATUS;
    s->battery_mv = HH_BATTERY_MV_UNKNOWN;
    s->battery_percent = HH_BATTERY_PERCENT_UNKNOWN;
    s->temperature_cdeg_c = HH_TEMPERATURE_UNKNOWN;
    s->flags = 0;
    if (d->platform.fill_status)
        d->platform.fill_status(d->platform.context, s);
    s->timestamp_us = d->platform.now_us(d->platform.context);
    s->samples_dropped = d->samples_dropped;
    s->sample_rate_hz = d->sample_rate_hz;
    s->streaming = d->streaming;
    send(d, &m);
}

void hh_device_flush(hh_device *d)
{
    hh_message m;

    if (d->pending.count == 0)
        return;
    m.id = HH_MSG_IMU;
    m.as.imu = d->pending;
    if (!send(d, &m))
        d->samples_dropped += d->pending.count;
    d->pending.count = 0;
}

void hh_device_add_sample(hh_device *d, const hh_imu_sample *sample)
{
    if (!d->streaming)
        return;
    d->pending.samples[d->pending.count++] = *sample;
    if (d->pending.count >= d->samples_per_message)
        hh_device_flush(d);
}

void hh_device_count_dropped(hh_device *d, uint32_t samples)
{
    d->samples_dropped += samples;
}

/* SET_RATE: validate everything before changing anything. */
static uint8_t set_rate(hh_device *d, const hh_set_rate *r)
{
    float actual = d->sample_rate_hz;
    uint8_t status = HH_STATUS_OK;
    int rate_ok = r->sample_rate_hz >= 0.0f && r->sample_rate_hz <= 1000.0f; /* false for NaN */

    if (!rate_ok || r->samples_per_message > max_batch(d))
        return HH_STATUS_BAD_VALUE;
    hh_device_flush(d); /* samples taken at the old rate go out first */
    if (r->sample_rate_hz > 0.0f) {
        if (d->platform.set_rate)
            status = d->platform.set_rate(d->platform.context, r->sample_rate_hz, &actual);
        else if (r->sample_rate_hz != d->sample_rate_hz)
            status = HH_STATUS_UNSUPPORTED;
        if (status != HH_STATUS_OK)
            return status;
        d->sample_rate_hz = actual;
    }
    if (r->samples_per_message > 0)
        d->samples_per_message = r->samples_per_message;
    return HH_STATUS_OK;
}

static void handle_command(hh_device *d, const hh_frame *frame)
{
    hh_message command, reply;
    hh_result decoded = hh_stream_decode_message(&d->rx, frame, &command);
    uint8_t follow_up = 0; /* message sent after the reply */

    reply.id = (uint8_t)(HH_REPLY_FLAG | frame->id);
    reply.as.reply.status = HH_STATUS_OK;
    reply.as.reply.command_seq = frame->seq;
    reply.as.reply.sample_rate_hz = 0.0f;
    reply.as.reply.samples_per_message = 0;
    reply.as.reply.host_token = 0;
    reply.as.reply.device_timestamp_us = d->platform.now_us(d->platform.context);

    if (decoded == HH_ERR_UNKNOWN_ID) {
        reply.as.reply.status = HH_STATUS_UNKNOWN_COMMAND;
    } else if (decoded == HH_ERR_BAD_LENGTH) {
        reply.as.reply.status = HH_STATUS_BAD_LENGTH;
    } else {
        switch (frame->id) {
        case HH_CMD_START_STREAMING:
            d->streaming = 1;
            break;
        case HH_CMD_STOP_STREAMING:
            hh_device_flush(d);
            d->streaming = 0;
            break;
        case HH_CMD_SET_RATE:
            reply.as.reply.status = set_rate(d, &command.as.set_rate);
            reply.as.reply.sample_rate_hz = d->sample_rate_hz;
            reply.as.reply.samples_per_message = d->samples_per_message;
            break;
        case HH_CMD_IDENTIFY: {
            uint16_t ms = command.as.identify.duration_ms;
            if (!d->platform.identify)
                reply.as.reply.status = HH_STATUS_UNSUPPORTED;
            else
                reply.as.reply.status =
                    d->platform.identify(d->platform.context, ms > IDENTIFY_MAX_MS ? IDENTIFY_MAX_MS : ms);
            break;
        }
        case HH_CMD_TIME_SYNC:
            reply.as.reply.host_token = command.as.time_sync.host_token;
            break;
        case HH_CMD_GET_INFO:
            follow_up = HH_MSG_HELLO;
            break;
        case HH_CMD_GET_STATUS:
            follow_up = HH_MSG_STATUS;
            break;
        default:
            reply.as.reply.status = HH_STATUS_UNKNOWN_COMMAND;
            break;
        }
    }
    send(d, &reply);
    if (follow_up == HH_MSG_HELLO)
        hh_device_send_hello(d);
    else if (follow_up == HH_MSG_STATUS)
        hh_device_send_status(d);
}

void hh_device_receive(hh_device *d, const uint8_t *bytes, size_t length)
{
    size_t i;
    hh_frame frame;

    for (i = 0; i < length; i++) {
        /* Frames that fail COBS or CRC get no reply; the host times out and resends. */
        if (hh_stream_push(&d->rx, bytes[i], &frame) == HH_OK && HH_IS_COMMAND(frame.id))
            handle_command(d, &frame);
    }
}
