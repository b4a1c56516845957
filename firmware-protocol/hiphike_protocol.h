/*
 * hiphike sensor protocol v1.0: portable encoder and decoder (C99).
 *
 * PROTOCOL.md is the specification; this file and hiphike_protocol.c are its
 * single implementation, shared by the firmware, the virtual sensor, the
 * desktop tests and the test-vector generator.
 *
 * - No allocation, no I/O, no platform headers: every function writes into a
 *   buffer the caller owns.
 * - Units are part of the names: acc_g (g), gyr_dps (degrees per second),
 *   mag_ut (microtesla), timestamp_us (device clock, microseconds).
 * - Axes are the sensor as worn: x = wearer's right, y = up, z = backward.
 */
#ifndef HIPHIKE_PROTOCOL_H
#define HIPHIKE_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HH_PROTOCOL_MAJOR 1
#define HH_PROTOCOL_MINOR 0

/* Sizes (bytes). A decoded frame is id (1) + seq (2) + payload + crc (2). */
#define HH_FRAME_OVERHEAD 5
#define HH_MAX_FRAME 256
#define HH_MAX_PAYLOAD (HH_MAX_FRAME - HH_FRAME_OVERHEAD) /* 251 */
#define HH_MAX_ENCODED (HH_MAX_FRAME + 2)                  /* COBS of 256 bytes */
#define HH_MAX_WIRE (HH_MAX_ENCODED + 1)                   /* plus the 0x00 delimiter */

#define HH_IMU_MAX_SAMPLES 8         /* without magnetometer */
#define HH_IMU_MAX_SAMPLES_MAG 6     /* with magnetometer (payload limit) */
#define HH_IMU_SAMPLE_BYTES 28
#define HH_IMU_SAMPLE_BYTES_MAG 40
#define HH_IMU_FLAG_MAG 0x01u

#define HH_HELLO_BYTES 75
#define HH_STATUS_BYTES 19
#define HH_REPLY_BYTES 3

#define HH_CAP_MAGNETOMETER 0x01u
#define HH_CAP_IDENTIFY_LED 0x02u
#define HH_CAP_BATTERY 0x04u
#define HH_CAP_TEMPERATURE 0x08u

#define HH_STATUS_FLAG_CHARGING 0x01u
#define HH_STATUS_FLAG_EXTERNAL_POWER 0x02u
#define HH_STATUS_FLAG_IMU_FAULT 0x04u

#define HH_BATTERY_MV_UNKNOWN 0xFFFFu
#define HH_BATTERY_PERCENT_UNKNOWN 0xFFu
#define HH_TEMPERATURE_UNKNOWN (-32768)

/* Message ids (PROTOCOL.md section 6). Retired ids are never reused. */
typedef enum {
    HH_MSG_HELLO = 0x01,
    HH_MSG_IMU = 0x02,
    HH_MSG_STATUS = 0x03,
    HH_CMD_START_STREAMING = 0x40,
    HH_CMD_STOP_STREAMING = 0x41,
    HH_CMD_SET_RATE = 0x42,
    HH_CMD_IDENTIFY = 0x43,
    HH_CMD_TIME_SYNC = 0x44,
    HH_CMD_GET_INFO = 0x45,
    HH_CMD_GET_STATUS = 0x46,
    HH_REPLY_FLAG = 0x80 /* reply id = HH_REPLY_FLAG | command id */
} hh_msg_id;

#define HH_IS_COMMAND(id) ((id) >= 0x40u && (id) <= 0x7Fu)
#define HH_IS_REPLY(id) ((id) >= 0xC0u)

/* Reply status codes (PROTOCOL.md section 8.1). */
typedef enum {
    HH_STATUS_OK = 0,
    HH_STATUS_UNKNOWN_COMMAND = 1,
    HH_STATUS_BAD_LENGTH = 2,
    HH_STATUS_BAD_VALUE = 3,
    HH_STATUS_UNSUPPORTED = 4,
    HH_STATUS_BUSY = 5
} hh_reply_status;

/* Results. Names of the errors (hh_result_name) are those of PROTOCOL.md 3.3
 * and of the test vectors. */
typedef enum {
    HH_OK = 0,
    HH_PENDING,        /* stream decoder: no complete frame yet */
    HH_ERR_COBS,       /* "cobs_error" */
    HH_ERR_TOO_LONG,   /* "too_long" */
    HH_ERR_TOO_SHORT,  /* "too_short" */
    HH_ERR_CRC,        /* "crc_mismatch" */
    HH_ERR_UNKNOWN_ID, /* "unknown_id" */
    HH_ERR_BAD_LENGTH, /* "bad_length" */
    HH_ERR_TRUNCATED,  /* "truncated" */
    HH_ERR_BUFFER      /* "buffer_too_small": caller's buffer or argument */
} hh_result;

const char *hh_result_name(hh_result result);
const char *hh_msg_name(uint8_t id); /* "HELLO", "IMU", ..., "REPLY", "UNKNOWN" */

typedef struct {
    float x, y, z;
} hh_vec3;

typedef struct {
    uint8_t protocol_major;
    uint8_t protocol_minor;
    uint8_t firmware_major;
    uint8_t firmware_minor;
    uint8_t firmware_patch;
    uint8_t capabilities; /* HH_CAP_* */
    uint64_t device_id;
    float sample_rate_hz;
    float acc_range_g;
    float acc_scale_g_per_lsb;
    float gyr_range_dps;
    float gyr_scale_dps_per_lsb;
    uint8_t samples_per_message;
    char axis_alignment[9]; /* 8 on the wire, always terminated here */
    char sensor_model[17];  /* 16 on the wire */
    char board[17];         /* 16 on the wire */
} hh_hello;

typedef struct {
    uint32_t timestamp_us;
    hh_vec3 acc_g;
    hh_vec3 gyr_dps;
    hh_vec3 mag_ut; /* valid when the message has HH_IMU_FLAG_MAG */
} hh_imu_sample;

typedef struct {
    uint8_t count; /* 1..8, 1..6 with magnetometer */
    uint8_t flags; /* HH_IMU_FLAG_MAG */
    hh_imu_sample samples[HH_IMU_MAX_SAMPLES];
} hh_imu;

typedef struct {
    uint32_t timestamp_us;
    uint32_t samples_dropped;
    float sample_rate_hz;
    uint16_t battery_mv;        /* HH_BATTERY_MV_UNKNOWN */
    int16_t temperature_cdeg_c; /* 0.01 degC, HH_TEMPERATURE_UNKNOWN */
    uint8_t battery_percent;    /* HH_BATTERY_PERCENT_UNKNOWN */
    uint8_t streaming;          /* 0 stopped, 1 streaming */
    uint8_t flags;              /* HH_STATUS_FLAG_* */
} hh_status;

/* Command payloads. START/STOP/GET_INFO/GET_STATUS have none. */
typedef struct {
    float sample_rate_hz;        /* 0 = keep */
    uint8_t samples_per_message; /* 0 = keep */
} hh_set_rate;

typedef struct {
    uint16_t duration_ms;
} hh_identify;

typedef struct {
    uint32_t host_token;
} hh_time_sync;

/* Reply to any command (id 0xC0..0xFF). Result fields are on the wire only
 * for SET_RATE and TIME_SYNC replies with status OK. */
typedef struct {
    uint8_t status; /* hh_reply_status */
    uint16_t command_seq;
    float sample_rate_hz;        /* SET_RATE */
    uint8_t samples_per_message; /* SET_RATE */
    uint32_t host_token;          /* TIME_SYNC */
    uint32_t device_timestamp_us; /* TIME_SYNC */
} hh_reply;

/* One decoded message: id and seq from the frame header, body by id. */
typedef struct {
    uint8_t id;
    uint16_t seq;
    union {
        hh_hello hello;
        hh_imu imu;
        hh_status status;
        hh_set_rate set_rate;
        hh_identify identify;
        hh_time_sync time_sync;
        hh_reply reply;
    } as;
} hh_message;

/* ---- CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF; "123456789" -> 0x29B1 */
uint16_t hh_crc16(const uint8_t *data, size_t length);
uint16_t hh_crc16_update(uint16_t crc, const uint8_t *data, size_t length);

/* ---- COBS. Encode returns the encoded length (no delimiter), 0 when out is
 * too small. Decode may work in place (out == in). */
size_t hh_cobs_encode(const uint8_t *in, size_t length, uint8_t *out, size_t out_capacity);
hh_result hh_cobs_decode(const uint8_t *in, size_t length, uint8_t *out, size_t out_capacity,
                         size_t *out_length);

/* ---- Frames. Writes COBS(id, seq, payload, crc) and the 0x00 delimiter.
 * Returns the number of wire bytes (<= HH_MAX_WIRE), 0 on error. */
size_t hh_frame_encode(uint8_t id, uint16_t seq, const uint8_t *payload, size_t payload_length,
                       uint8_t *out, size_t out_capacity);

/* ---- Payloads. *_write return the payload length, 0 when the value is
 * invalid or the buffer too small (hh_message_payload_write also returns 0
 * for the commands whose payload is empty: START/STOP_STREAMING, GET_INFO,
 * GET_STATUS; hh_message_encode tells the two apart). */
size_t hh_hello_write(const hh_hello *hello, uint8_t *out, size_t capacity);
size_t hh_imu_write(const hh_imu *imu, uint8_t *out, size_t capacity);
size_t hh_status_write(const hh_status *status, uint8_t *out, size_t capacity);
/* command_id is the command's id (0x40..0x7F) the reply answers. */
size_t hh_reply_write(uint8_t command_id, const hh_reply *reply, uint8_t *out, size_t capacity);
size_t hh_message_payload_write(const hh_message *message, uint8_t *out, size_t capacity);

/* Whole message to wire bytes (payload + frame). Returns bytes, 0 on error. */
size_t hh_message_encode(const hh_message *message, uint8_t *out, size_t capacity);

/* Decodes a frame's payload by id into message (id and seq set by caller or
 * by hh_message_decode). HH_OK, HH_ERR_UNKNOWN_ID or HH_ERR_BAD_LENGTH.
 * Extra trailing bytes (newer minor version) are ignored. */
hh_result hh_payload_decode(uint8_t id, const uint8_t *payload, size_t length,
                            hh_message *message);

/* ---- Stream decoder: bytes in, frames out, resynchronising at 0x00. */
typedef struct {
    uint32_t frames;       /* valid frames (CRC correct) */
    uint32_t cobs_errors;
    uint32_t too_long;
    uint32_t too_short;
    uint32_t crc_errors;
    uint32_t truncated;
    uint32_t unknown_ids;  /* counted by hh_stream_decode_message */
    uint32_t bad_length;   /* counted by hh_stream_decode_message */
    uint32_t lost_frames;  /* from gaps in seq */
} hh_stream_stats;

typedef struct {
    uint8_t id;
    uint16_t seq;
    uint16_t lost_before; /* frames missing just before this one (seq gap) */
    const uint8_t *payload; /* points into the decoder; valid until the next push */
    size_t payload_length;
} hh_frame;

typedef struct {
    uint8_t buffer[HH_MAX_ENCODED];
    size_t length;
    uint8_t overflow;
    uint8_t have_expected_seq;
    uint16_t expected_seq;
    hh_stream_stats stats;
} hh_stream;

void hh_stream_init(hh_stream *stream);
/* HH_PENDING (nothing yet), HH_OK (frame filled) or a framing error
 * (HH_ERR_COBS, HH_ERR_TOO_LONG, HH_ERR_TOO_SHORT, HH_ERR_CRC). */
hh_result hh_stream_push(hh_stream *stream, uint8_t byte, hh_frame *frame);
/* End of input: HH_ERR_TRUNCATED when bytes are left without a delimiter. */
hh_result hh_stream_finish(hh_stream *stream);
/* Decodes a frame and counts unknown ids and bad lengths in the stats. */
hh_result hh_stream_decode_message(hh_stream *stream, const hh_frame *frame, hh_message *message);

/* ---- Unwrapping the 32-bit microsecond clock (PROTOCOL.md 9.3). */
typedef struct {
    uint8_t started;
    uint32_t previous_us;
    int64_t time_us;
} hh_unwrap;

void hh_unwrap_init(hh_unwrap *unwrap);
int64_t hh_unwrap_update(hh_unwrap *unwrap, uint32_t timestamp_us);

#ifdef __cplusplus
}
#endif

#endif /* HIPHIKE_PROTOCOL_H */
