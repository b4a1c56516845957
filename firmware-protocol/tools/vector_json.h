/* Test-vector events and their JSON form (vectors/README.md). Shared by the
 * generator (events it intends) and the tests (events the decoder found), so
 * the two are compared as text. Desktop only (stdio). */
#ifndef HIPHIKE_VECTOR_JSON_H
#define HIPHIKE_VECTOR_JSON_H

#include <stdio.h>
#include "../hiphike_protocol.h"

#define VJ_MAX_EVENTS 64
#define VJ_MAX_TIMES 256

typedef struct {
    hh_result result; /* HH_OK, HH_ERR_UNKNOWN_ID, HH_ERR_BAD_LENGTH: a valid frame; others: framing error */
    uint8_t id;
    uint16_t seq;
    uint16_t lost_before;
    uint8_t payload[HH_MAX_PAYLOAD];
    size_t payload_length;
    hh_message message; /* when result == HH_OK */
} vj_event;

typedef struct {
    const char *name;
    const char *direction; /* "device_to_host" or "host_to_device" */
    const char *description;
    vj_event events[VJ_MAX_EVENTS];
    size_t event_count;
    int64_t imu_time_us[VJ_MAX_TIMES]; /* unwrapped timestamps of all IMU samples, in order */
    size_t imu_time_count;
    hh_stream_stats stats;
} vj_vector;

int vj_is_frame(hh_result result);
void vj_print(FILE *out, const vj_vector *vector);
void vj_print_hex(FILE *out, const uint8_t *bytes, size_t length);

/* Decodes wire bytes with hh_stream into vector (events, times, stats). */
void vj_decode(const uint8_t *wire, size_t length, vj_vector *vector);

#endif
