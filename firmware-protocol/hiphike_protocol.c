/* hiphike sensor protocol v1.0: see hiphike_protocol.h and PROTOCOL.md. */
#include "hiphike_protocol.h"

/* ---------------------------------------------------------------- names */

const char *hh_result_name(hh_result result)
{
    switch (result) {
    case HH_OK: return "ok";
    case HH_PENDING: return "pending";
    case HH_ERR_COBS: return "cobs_error";
    case HH_ERR_TOO_LONG: return "too_long";
    case HH_ERR_TOO_SHORT: return "too_short";
    case HH_ERR_CRC: return "crc_mismatch";
    case HH_ERR_UNKNOWN_ID: return "unknown_id";
    case HH_ERR_BAD_LENGTH: return "bad_length";
    case HH_ERR_TRUNCATED: return "truncated";
    case HH_ERR_BUFFER: return "buffer_too_small";
    }
    return "invalid";
}

const char *hh_msg_name(uint8_t id)
{
    switch (id) {
    case HH_MSG_HELLO: return "HELLO";
    case HH_MSG_IMU: return "IMU";
    case HH_MSG_STATUS: return "STATUS";
    case HH_CMD_START_STREAMING: return "START_STREAMING";
    case HH_CMD_STOP_STREAMING: return "STOP_STREAMING";
    case HH_CMD_SET_RATE: return "SET_RATE";
    case HH_CMD_IDENTIFY: return "IDENTIFY";
    case HH_CMD_TIME_SYNC: return "TIME_SYNC";
    case HH_CMD_GET_INFO: return "GET_INFO";
    case HH_CMD_GET_STATUS: return "GET_STATUS";
    default: return HH_IS_REPLY(id) ? "REPLY" : "UNKNOWN";
    }
}

/* ------------------------------------------------------------------ CRC */

uint16_t hh_crc16_update(uint16_t crc, const uint8_t *data, size_t length)
{
    size_t i;
    int bit;
    for (i = 0; i < length; i++) {
        crc ^= (uint16_t)(data[i] << 8);
        for (bit = 0; bit < 8; bit++)
            crc = (crc & 0x8000u) ? (uint16_t)((crc << 1) ^ 0x1021u) : (uint16_t)(crc << 1);
    }
    return crc;
}

uint16_t hh_crc16(const uint8_t *data, size_t length)
{
    return hh_crc16_update(0xFFFFu, data, length);
}

/* ----------------------------------------------------------------- COBS */

size_t hh_cobs_encode(const uint8_t *in, size_t length, uint8_t *out, size_t out_capacity)
{
    size_t read = 0, write = 1, code_at = 0;
    uint8_t code = 1;

    if (out_capacity < length + 1 + length / 254)
        return 0;
    while (read < length) {
        if (in[read] == 0) {
            out[code_at] = code;
            code = 1;
            code_at = write++;
        } else {
            out[write++] = in[read];
            if (++code == 0xFF && read + 1 < length) {
                /* 254 data bytes: close the group; no zero implied. A group
                 * that ends exactly at the end of input needs no new code. */
                out[code_at] = code;
                code = 1;
                code_at = write++;
            }
        }
        read++;
    }
    out[code_at] = code;
    return write;
}

hh_result hh_cobs_decode(const uint8_t *in, size_t length, uint8_t *out, size_t out_capacity,
                         size_t *out_length)
{
    size_t read = 0, write = 0;

    while (read < length) {
        uint8_t code = in[read++];
        uint8_t i;
        if (code == 0 || read + (size_t)(code - 1) > length)
            return HH_ERR_COBS;
        for (i = 1; i < code; i++) {
            if (in[read] == 0)
                return HH_ERR_COBS;
            if (write >= out_capacity)
                return HH_ERR_TOO_LONG;
            out[write++] = in[read++];
        }
        if (code != 0xFF && read < length) {
            if (write >= out_capacity)
                return HH_ERR_TOO_LONG;
            out[write++] = 0;
        }
    }
    *out_length = write;
    return HH_OK;
}

/* ----------------------------------------------------- little-endian I/O */

typedef union {
    float f;
    uint32_t u;
} f32_bits;

static void put_u16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void put_f32(uint8_t *p, float v)
{
    f32_bits b;
    b.f = v;
    put_u32(p, b.u);
}

static void put_vec3(uint8_t *p, hh_vec3 v)
{
    put_f32(p, v.x);
    put_f32(p + 4, v.y);
    put_f32(p + 8, v.z);
}

static void put_text(uint8_t *p, const char *text, size_t size)
{
    size_t i = 0;
    for (; i < size && text[i] != '\0'; i++)
        p[i] = (uint8_t)text[i];
    for (; i < size; i++)
        p[i] = 0;
}

static uint16_t get_u16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static float get_f32(const uint8_t *p)
{
    f32_bits b;
    b.u = get_u32(p);
    return b.f;
}

static int is_finite_bits(const uint8_t *p)
{
    return ((get_u32(p) >> 23) & 0xFFu) != 0xFFu;
}

static hh_vec3 get_vec3(const uint8_t *p)
{
    hh_vec3 v;
    v.x = get_f32(p);
    v.y = get_f32(p + 4);
    v.z = get_f32(p + 8);
    return v;
}

static void get_text(const uint8_t *p, size_t size, char *out)
{
    size_t i;
    for (i = 0; i < size && p[i] != 0; i++)
        out[i] = (char)p[i];
    out[i] = '\0';
}

/* ---------------------------------------------------------------- frames */

size_t hh_frame_encode(uint8_t id, uint16_t seq, const uint8_t *payload, size_t payload_length,
                       uint8_t *out, size_t out_capacity)
{
    uint8_t frame[HH_MAX_FRAME];
    size_t i, n, encoded;
    uint16_t crc;

    if (payload_length > HH_MAX_PAYLOAD)
        return 0;
    frame[0] = id;
    put_u16(frame + 1, seq);
    for (i = 0; i < payload_length; i++)
        frame[3 + i] = payload[i];
    n = 3 + payload_length;
    crc = hh_crc16(frame, n);
    put_u16(frame + n, crc);
    n += 2;
    if (out_capacity < 1)
        return 0;
    encoded = hh_cobs_encode(frame, n, out, out_capacity - 1);
    if (encoded == 0)
        return 0;
    out[encoded] = 0x00;
    return encoded + 1;
}

/* -------------------------------------------------------------- payloads */

size_t hh_hello_write(const hh_hello *h, uint8_t *out, size_t capacity)
{
    if (capacity < HH_HELLO_BYTES)
        return 0;
    out[0] = h->protocol_major;
    out[1] = h->protocol_minor;
    out[2] = h->firmware_major;
    out[3] = h->firmware_minor;
    out[4] = h->firmware_patch;
    out[5] = h->capabilities;
    put_u32(out + 6, (uint32_t)h->device_id);
    put_u32(out + 10, (uint32_t)(h->device_id >> 32));
    put_f32(out + 14, h->sample_rate_hz);
    put_f32(out + 18, h->acc_range_g);
    put_f32(out + 22, h->acc_scale_g_per_lsb);
    put_f32(out + 26, h->gyr_range_dps);
    put_f32(out + 30, h->gyr_scale_dps_per_lsb);
    out[34] = h->samples_per_message;
    put_text(out + 35, h->axis_alignment, 8);
    put_text(out + 43, h->sensor_model, 16);
    put_text(out + 59, h->board, 16);
    return HH_HELLO_BYTES;
}

static size_t imu_stride(uint8_t flags)
{
    return (flags & HH_IMU_FLAG_MAG) ? HH_IMU_SAMPLE_BYTES_MAG : HH_IMU_SAMPLE_BYTES;
}

static unsigned imu_max_count(uint8_t flags)
{
    return (flags & HH_IMU_FLAG_MAG) ? HH_IMU_MAX_SAMPLES_MAG : HH_IMU_MAX_SAMPLES;
}

size_t hh_imu_write(const hh_imu *imu, uint8_t *out, size_t capacity)
{
    size_t stride = imu_stride(imu->flags), length, i;

    if (imu->count < 1 || imu->count > imu_max_count(imu->flags) || (imu->flags & ~HH_IMU_FLAG_MAG))
        return 0;
    length = 2 + imu->count * stride;
    if (capacity < length)
        return 0;
    out[0] = imu->count;
    out[1] = imu->flags;
    for (i = 0; i < imu->count; i++) {
        uint8_t *p = out + 2 + i * stride;
        const hh_imu_sample *s = &imu->samples[i];
        put_u32(p, s->timestamp_us);
        put_vec3(p + 4, s->acc_g);
        put_vec3(p + 16, s->gyr_dps);
        if (imu->flags & HH_IMU_FLAG_MAG)
            put_vec3(p + 28, s->mag_ut);
    }
    return length;
}

size_t hh_status_write(const hh_status *s, uint8_t *out, size_t capacity)
{
    if (capacity < HH_STATUS_BYTES)
        return 0;
    put_u32(out, s->timestamp_us);
    put_u32(out + 4, s->samples_dropped);
    put_f32(out + 8, s->sample_rate_hz);
    put_u16(out + 12, s->battery_mv);
    put_u16(out + 14, (uint16_t)s->temperature_cdeg_c);
    out[16] = s->battery_percent;
    out[17] = s->streaming;
    out[18] = s->flags;
    return HH_STATUS_BYTES;
}

static int reply_has_result(uint8_t command_id, const hh_reply *r)
{
    return r->status == HH_STATUS_OK &&
           (command_id == HH_CMD_SET_RATE || command_id == HH_CMD_TIME_SYNC);
}

size_t hh_reply_write(uint8_t command_id, const hh_reply *r, uint8_t *out, size_t capacity)
{
    size_t length = HH_REPLY_BYTES;

    command_id &= 0x7Fu;
    if (reply_has_result(command_id, r))
        length += command_id == HH_CMD_SET_RATE ? 5 : 8;
    if (capacity < length)
        return 0;
    out[0] = r->status;
    put_u16(out + 1, r->command_seq);
    if (length > HH_REPLY_BYTES && command_id == HH_CMD_SET_RATE) {
        put_f32(out + 3, r->sample_rate_hz);
        out[7] = r->samples_per_message;
    } else if (length > HH_REPLY_BYTES) {
        put_u32(out + 3, r->host_token);
        put_u32(out + 7, r->device_timestamp_us);
    }
    return length;
}

static int has_empty_payload(uint8_t id)
{
    return id == HH_CMD_START_STREAMING || id == HH_CMD_STOP_STREAMING || id == HH_CMD_GET_INFO ||
           id == HH_CMD_GET_STATUS;
}

size_t hh_message_payload_write(const hh_message *m, uint8_t *out, size_t capacity)
{
    switch (m->id) {
    case HH_MSG_HELLO: return hh_hello_write(&m->as.hello, out, capacity);
    case HH_MSG_IMU: return hh_imu_write(&m->as.imu, out, capacity);
    case HH_MSG_STATUS: return hh_status_write(&m->as.status, out, capacity);
    case HH_CMD_SET_RATE:
        if (capacity < 5)
            return 0;
        put_f32(out, m->as.set_rate.sample_rate_hz);
        out[4] = m->as.set_rate.samples_per_message;
        return 5;
    case HH_CMD_IDENTIFY:
        if (capacity < 2)
            return 0;
        put_u16(out, m->as.identify.duration_ms);
        return 2;
    case HH_CMD_TIME_SYNC:
        if (capacity < 4)
            return 0;
        put_u32(out, m->as.time_sync.host_token);
        return 4;
    default:
        if (HH_IS_REPLY(m->id))
            return hh_reply_write(m->id, &m->as.reply, out, capacity);
        return 0; /* empty payload, or an id without a writer */
    }
}

size_t hh_message_encode(const hh_message *m, uint8_t *out, size_t capacity)
{
    uint8_t payload[HH_MAX_PAYLOAD];
    size_t length = hh_message_payload_write(m, payload, sizeof payload);

    if (length == 0 && !has_empty_payload(m->id))
        return 0;
    return hh_frame_encode(m->id, m->seq, payload, length, out, capacity);
}

static hh_result imu_read(const uint8_t *p, size_t length, hh_imu *imu)
{
    size_t stride, i;

    if (length < 2)
        return HH_ERR_BAD_LENGTH;
    imu->count = p[0];
    imu->flags = p[1];
    stride = imu_stride(imu->flags);
    if ((imu->flags & ~HH_IMU_FLAG_MAG) || imu->count < 1 || imu->count > imu_max_count(imu->flags) ||
        length < 2 + imu->count * stride)
        return HH_ERR_BAD_LENGTH;
    for (i = 0; i < imu->count; i++) {
        const uint8_t *s = p + 2 + i * stride;
        size_t k, floats = (stride - 4) / 4;
        for (k = 0; k < floats; k++)
            if (!is_finite_bits(s + 4 + 4 * k))
                return HH_ERR_BAD_LENGTH;
        imu->samples[i].timestamp_us = get_u32(s);
        imu->samples[i].acc_g = get_vec3(s + 4);
        imu->samples[i].gyr_dps = get_vec3(s + 16);
        if (imu->flags & HH_IMU_FLAG_MAG) {
            imu->samples[i].mag_ut = get_vec3(s + 28);
        } else {
            imu->samples[i].mag_ut.x = imu->samples[i].mag_ut.y = imu->samples[i].mag_ut.z = 0.0f;
        }
    }
    return HH_OK;
}

hh_result hh_payload_decode(uint8_t id, const uint8_t *p, size_t length, hh_message *m)
{
    m->id = id;
    switch (id) {
    case HH_MSG_HELLO: {
        hh_hello *h = &m->as.hello;
        if (length < HH_HELLO_BYTES)
            return HH_ERR_BAD_LENGTH;
        h->protocol_major = p[0];
        h->protocol_minor = p[1];
        h->firmware_major = p[2];
        h->firmware_minor = p[3];
        h->firmware_patch = p[4];
        h->capabilities = p[5];
        h->device_id = (uint64_t)get_u32(p + 6) | ((uint64_t)get_u32(p + 10) << 32);
        h->sample_rate_hz = get_f32(p + 14);
        h->acc_range_g = get_f32(p + 18);
        h->acc_scale_g_per_lsb = get_f32(p + 22);
        h->gyr_range_dps = get_f32(p + 26);
        h->gyr_scale_dps_per_lsb = get_f32(p + 30);
        h->samples_per_message = p[34];
        get_text(p + 35, 8, h->axis_alignment);
        get_text(p + 43, 16, h->sensor_model);
        get_text(p + 59, 16, h->board);
        return HH_OK;
    }
    case HH_MSG_IMU:
        return imu_read(p, length, &m->as.imu);
    case HH_MSG_STATUS: {
        hh_status *s = &m->as.status;
        if (length < HH_STATUS_BYTES)
            return HH_ERR_BAD_LENGTH;
        s->timestamp_us = get_u32(p);
        s->samples_dropped = get_u32(p + 4);
        s->sample_rate_hz = get_f32(p + 8);
        s->battery_mv = get_u16(p + 12);
        s->temperature_cdeg_c = (int16_t)get_u16(p + 14);
        s->battery_percent = p[16];
        s->streaming = p[17];
        s->flags = p[18];
        return HH_OK;
    }
    case HH_CMD_START_STREAMING:
    case HH_CMD_STOP_STREAMING:
    case HH_CMD_GET_INFO:
    case HH_CMD_GET_STATUS:
        return HH_OK;
    case HH_CMD_SET_RATE:
        if (length < 5)
            return HH_ERR_BAD_LENGTH;
        m->as.set_rate.sample_rate_hz = get_f32(p);
        m->as.set_rate.samples_per_message = p[4];
        return HH_OK;
    case HH_CMD_IDENTIFY:
        if (length < 2)
            return HH_ERR_BAD_LENGTH;
        m->as.identify.duration_ms = get_u16(p);
        return HH_OK;
    case HH_CMD_TIME_SYNC:
        if (length < 4)
            return HH_ERR_BAD_LENGTH;
        m->as.time_sync.host_token = get_u32(p);
        return HH_OK;
    default:
        break;
    }
    if (HH_IS_REPLY(id)) {
        hh_reply *r = &m->as.reply;
        uint8_t command_id = id & 0x7Fu;
        if (length < HH_REPLY_BYTES)
            return HH_ERR_BAD_LENGTH;
        r->status = p[0];
        r->command_seq = get_u16(p + 1);
        r->sample_rate_hz = 0.0f;
        r->samples_per_message = 0;
        r->host_token = 0;
        r->device_timestamp_us = 0;
        if (reply_has_result(command_id, r)) {
            if (command_id == HH_CMD_SET_RATE) {
                if (length < 8)
                    return HH_ERR_BAD_LENGTH;
                r->sample_rate_hz = get_f32(p + 3);
                r->samples_per_message = p[7];
            } else {
                if (length < 11)
                    return HH_ERR_BAD_LENGTH;
                r->host_token = get_u32(p + 3);
                r->device_timestamp_us = get_u32(p + 7);
            }
        }
        return HH_OK;
    }
    return HH_ERR_UNKNOWN_ID;
}

/* ---------------------------------------------------------------- stream */

void hh_stream_init(hh_stream *s)
{
    s->length = 0;
    s->overflow = 0;
    s->have_expected_seq = 0;
    s->expected_seq = 0;
    s->stats.frames = s->stats.cobs_errors = s->stats.too_long = s->stats.too_short = 0;
    s->stats.crc_errors = s->stats.truncated = s->stats.unknown_ids = s->stats.bad_length = 0;
    s->stats.lost_frames = 0;
}

hh_result hh_stream_push(hh_stream *s, uint8_t byte, hh_frame *frame)
{
    size_t n;
    hh_result r;

    if (byte != 0x00) {
        if (s->length < sizeof s->buffer)
            s->buffer[s->length++] = byte;
        else
            s->overflow = 1;
        return HH_PENDING;
    }
    if (s->overflow) {
        s->overflow = 0;
        s->length = 0;
        s->stats.too_long++;
        return HH_ERR_TOO_LONG;
    }
    if (s->length == 0)
        return HH_PENDING; /* idle delimiter */
    r = hh_cobs_decode(s->buffer, s->length, s->buffer, HH_MAX_FRAME, &n);
    s->length = 0;
    if (r == HH_ERR_TOO_LONG) {
        s->stats.too_long++;
        return r;
    }
    if (r != HH_OK) {
        s->stats.cobs_errors++;
        return HH_ERR_COBS;
    }
    if (n < HH_FRAME_OVERHEAD) {
        s->stats.too_short++;
        return HH_ERR_TOO_SHORT;
    }
    if (hh_crc16(s->buffer, n - 2) != get_u16(s->buffer + n - 2)) {
        s->stats.crc_errors++;
        return HH_ERR_CRC;
    }
    frame->id = s->buffer[0];
    frame->seq = get_u16(s->buffer + 1);
    frame->payload = s->buffer + 3;
    frame->payload_length = n - HH_FRAME_OVERHEAD;
    frame->lost_before = 0;
    /* A HELLO starts a new sequence (device restart or new connection). */
    if (s->have_expected_seq && frame->id != HH_MSG_HELLO && frame->seq != s->expected_seq) {
        frame->lost_before = (uint16_t)(frame->seq - s->expected_seq);
        s->stats.lost_frames += frame->lost_before;
    }
    s->have_expected_seq = 1;
    s->expected_seq = (uint16_t)(frame->seq + 1);
    s->stats.frames++;
    return HH_OK;
}

hh_result hh_stream_finish(hh_stream *s)
{
    if (s->length == 0 && !s->overflow)
        return HH_PENDING;
    s->length = 0;
    s->overflow = 0;
    s->stats.truncated++;
    return HH_ERR_TRUNCATED;
}

hh_result hh_stream_decode_message(hh_stream *s, const hh_frame *frame, hh_message *m)
{
    hh_result r = hh_payload_decode(frame->id, frame->payload, frame->payload_length, m);
    m->seq = frame->seq;
    if (r == HH_ERR_UNKNOWN_ID)
        s->stats.unknown_ids++;
    else if (r == HH_ERR_BAD_LENGTH)
        s->stats.bad_length++;
    return r;
}

/* ---------------------------------------------------------------- unwrap */

void hh_unwrap_init(hh_unwrap *u)
{
    u->started = 0;
    u->previous_us = 0;
    u->time_us = 0;
}

int64_t hh_unwrap_update(hh_unwrap *u, uint32_t timestamp_us)
{
    if (!u->started) {
        u->started = 1;
        u->time_us = timestamp_us;
    } else {
        uint32_t delta = timestamp_us - u->previous_us;
        if (delta < 0x80000000u)
            u->time_us += delta;
        else
            u->time_us -= (int64_t)(0x100000000ull - delta);
    }
    u->previous_us = timestamp_us;
    return u->time_us;
}
