#include "vector_json.h"

#include <string.h>

int vj_is_frame(hh_result result)
{
    return result == HH_OK || result == HH_ERR_UNKNOWN_ID || result == HH_ERR_BAD_LENGTH;
}

static void print_f(FILE *out, float v)
{
    fprintf(out, "%.9g", (double)v);
}

static void print_vec3(FILE *out, const char *name, hh_vec3 v)
{
    fprintf(out, ", \"%s\": [", name);
    print_f(out, v.x);
    fputs(", ", out);
    print_f(out, v.y);
    fputs(", ", out);
    print_f(out, v.z);
    fputs("]", out);
}

static void print_fields(FILE *out, const hh_message *m)
{
    size_t i;
    fputs("{", out);
    switch (m->id) {
    case HH_MSG_HELLO: {
        const hh_hello *h = &m->as.hello;
        fprintf(out,
                "\"protocol_major\": %u, \"protocol_minor\": %u, \"firmware_major\": %u, "
                "\"firmware_minor\": %u, \"firmware_patch\": %u, \"capabilities\": %u, "
                "\"device_id\": \"%016llx\", \"sample_rate_hz\": ",
                h->protocol_major, h->protocol_minor, h->firmware_major, h->firmware_minor,
                h->firmware_patch, h->capabilities, (unsigned long long)h->device_id);
        print_f(out, h->sample_rate_hz);
        fputs(", \"acc_range_g\": ", out);
        print_f(out, h->acc_range_g);
        fputs(", \"acc_scale_g_per_lsb\": ", out);
        print_f(out, h->acc_scale_g_per_lsb);
        fputs(", \"gyr_range_dps\": ", out);
        print_f(out, h->gyr_range_dps);
        fputs(", \"gyr_scale_dps_per_lsb\": ", out);
        print_f(out, h->gyr_scale_dps_per_lsb);
        fprintf(out,
                ", \"samples_per_message\": %u, \"axis_alignment\": \"%s\", \"sensor_model\": \"%s\", "
                "\"board\": \"%s\"",
                h->samples_per_message, h->axis_alignment, h->sensor_model, h->board);
        break;
    }
    case HH_MSG_IMU:
        fprintf(out, "\"count\": %u, \"flags\": %u, \"samples\": [", m->as.imu.count, m->as.imu.flags);
        for (i = 0; i < m->as.imu.count; i++) {
            const hh_imu_sample *s = &m->as.imu.samples[i];
            fprintf(out, "%s\n        {\"timestamp_us\": %lu", i ? "," : "", (unsigned long)s->timestamp_us);
            print_vec3(out, "acc_g", s->acc_g);
            print_vec3(out, "gyr_dps", s->gyr_dps);
            if (m->as.imu.flags & HH_IMU_FLAG_MAG)
                print_vec3(out, "mag_ut", s->mag_ut);
            fputs("}", out);
        }
        fputs("]", out);
        break;
    case HH_MSG_STATUS: {
        const hh_status *s = &m->as.status;
        fprintf(out, "\"timestamp_us\": %lu, \"samples_dropped\": %lu, \"sample_rate_hz\": ",
                (unsigned long)s->timestamp_us, (unsigned long)s->samples_dropped);
        print_f(out, s->sample_rate_hz);
        fprintf(out,
                ", \"battery_mv\": %u, \"temperature_cdeg_c\": %d, \"battery_percent\": %u, "
                "\"streaming\": %u, \"flags\": %u",
                s->battery_mv, s->temperature_cdeg_c, s->battery_percent, s->streaming, s->flags);
        break;
    }
    case HH_CMD_SET_RATE:
        fputs("\"sample_rate_hz\": ", out);
        print_f(out, m->as.set_rate.sample_rate_hz);
        fprintf(out, ", \"samples_per_message\": %u", m->as.set_rate.samples_per_message);
        break;
    case HH_CMD_IDENTIFY:
        fprintf(out, "\"duration_ms\": %u", m->as.identify.duration_ms);
        break;
    case HH_CMD_TIME_SYNC:
        fprintf(out, "\"host_token\": %lu", (unsigned long)m->as.time_sync.host_token);
        break;
    default:
        if (HH_IS_REPLY(m->id)) {
            const hh_reply *r = &m->as.reply;
            uint8_t command = m->id & 0x7Fu;
            fprintf(out, "\"command_id\": %u, \"status\": %u, \"command_seq\": %u", command, r->status,
                    r->command_seq);
            if (r->status == HH_STATUS_OK && command == HH_CMD_SET_RATE) {
                fputs(", \"sample_rate_hz\": ", out);
                print_f(out, r->sample_rate_hz);
                fprintf(out, ", \"samples_per_message\": %u", r->samples_per_message);
            } else if (r->status == HH_STATUS_OK && command == HH_CMD_TIME_SYNC) {
                fprintf(out, ", \"host_token\": %lu, \"device_timestamp_us\": %lu",
                        (unsigned long)r->host_token, (unsigned long)r->device_timestamp_us);
            }
        }
        break;
    }
    fputs("}", out);
}

void vj_print_hex(FILE *out, const uint8_t *bytes, size_t length)
{
    size_t i;
    for (i = 0; i < length; i++)
        fprintf(out, "%02x", bytes[i]);
}

void vj_print(FILE *out, const vj_vector *v)
{
    size_t i;
    fprintf(out, "{\n  \"name\": \"%s\",\n  \"direction\": \"%s\",\n  \"description\": \"%s\",\n  \"events\": [",
            v->name, v->direction, v->description);
    for (i = 0; i < v->event_count; i++) {
        const vj_event *e = &v->events[i];
        fprintf(out, "%s\n    {", i ? "," : "");
        if (!vj_is_frame(e->result)) {
            fprintf(out, "\"type\": \"error\", \"error\": \"%s\"}", hh_result_name(e->result));
            continue;
        }
        fprintf(out, "\"type\": \"frame\", \"id\": %u, \"name\": \"%s\", \"seq\": %u, \"lost_before\": %u,\n     \"payload_hex\": \"",
                e->id, hh_msg_name(e->id), e->seq, e->lost_before);
        vj_print_hex(out, e->payload, e->payload_length);
        fputs("\"", out);
        if (e->result == HH_OK) {
            fputs(",\n     \"fields\": ", out);
            print_fields(out, &e->message);
        } else {
            fprintf(out, ", \"error\": \"%s\"", hh_result_name(e->result));
        }
        fputs("}", out);
    }
    fputs("\n  ],\n  \"imu_time_us\": [", out);
    for (i = 0; i < v->imu_time_count; i++)
        fprintf(out, "%s%lld", i ? ", " : "", (long long)v->imu_time_us[i]);
    fprintf(out,
            "],\n  \"stats\": {\"frames\": %lu, \"cobs_errors\": %lu, \"too_long\": %lu, \"too_short\": %lu, "
            "\"crc_errors\": %lu, \"truncated\": %lu, \"unknown_ids\": %lu, \"bad_length\": %lu, "
            "\"lost_frames\": %lu}\n}\n",
            (unsigned long)v->stats.frames, (unsigned long)v->stats.cobs_errors,
            (unsigned long)v->stats.too_long, (unsigned long)v->stats.too_short,
            (unsigned long)v->stats.crc_errors, (unsigned long)v->stats.truncated,
            (unsigned long)v->stats.unknown_ids, (unsigned long)v->stats.bad_length,
            (unsigned long)v->stats.lost_frames);
}

void vj_decode(const uint8_t *wire, size_t length, vj_vector *v)
{
    hh_stream stream;
    hh_unwrap unwrap;
    hh_frame frame;
    size_t i;

    hh_stream_init(&stream);
    hh_unwrap_init(&unwrap);
    v->event_count = 0;
    v->imu_time_count = 0;
    for (i = 0; i <= length; i++) {
        hh_result r = i < length ? hh_stream_push(&stream, wire[i], &frame) : hh_stream_finish(&stream);
        vj_event *e;
        if (r == HH_PENDING || v->event_count >= VJ_MAX_EVENTS)
            continue;
        e = &v->events[v->event_count++];
        memset(e, 0, sizeof *e);
        e->result = r;
        if (r != HH_OK)
            continue;
        e->id = frame.id;
        e->seq = frame.seq;
        e->lost_before = frame.lost_before;
        e->payload_length = frame.payload_length;
        memcpy(e->payload, frame.payload, frame.payload_length);
        e->result = hh_stream_decode_message(&stream, &frame, &e->message);
        if (e->result == HH_OK && e->id == HH_MSG_IMU) {
            size_t k;
            for (k = 0; k < e->message.as.imu.count && v->imu_time_count < VJ_MAX_TIMES; k++)
                v->imu_time_us[v->imu_time_count++] =
                    hh_unwrap_update(&unwrap, e->message.as.imu.samples[k].timestamp_us);
        }
    }
    v->stats = stream.stats;
}
