/*
 * hiphike sensor, device side (C99, portable): batching of samples into IMU
 * messages, HELLO and STATUS, and the host commands of PROTOCOL.md section 8
 * with their replies. Shared by the Arduino firmware and the virtual sensor,
 * so the command handling that the desktop tests exercise is the firmware's.
 *
 * The platform (board or host program) supplies the callbacks: writing bytes
 * to the transport, the microsecond clock, the device description, changing
 * the sample rate and blinking the LED. No allocation, no I/O of its own.
 */
#ifndef HIPHIKE_DEVICE_H
#define HIPHIKE_DEVICE_H

#include "hiphike_protocol.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    void *context;
    /* Writes one frame's wire bytes. Returns 1 when all were accepted, 0 when
     * the transport could not take them (the frame is lost; IMU samples in it
     * are counted in samples_dropped). */
    int (*write)(void *context, const uint8_t *bytes, size_t length);
    /* The device clock in microseconds (same clock as the sample timestamps). */
    uint32_t (*now_us)(void *context);
    /* Fills the device description: firmware version, capabilities, device id,
     * ranges and scales, axis alignment, sensor model, board. The protocol
     * version, sample rate and samples_per_message are set by the device. */
    void (*fill_hello)(void *context, hh_hello *hello);
    /* Fills battery_mv, battery_percent, temperature_cdeg_c and flags. May be
     * NULL: all unknown. */
    void (*fill_status)(void *context, hh_status *status);
    /* Applies the supported rate nearest to wanted_hz and stores it in
     * *actual_hz. Returns an hh_reply_status. NULL: the rate is fixed. */
    uint8_t (*set_rate)(void *context, float wanted_hz, float *actual_hz);
    /* Blinks the identify LED for duration_ms (0 = stop). NULL: no LED. */
    uint8_t (*identify)(void *context, uint16_t duration_ms);

    float sample_rate_hz;        /* the rate at start-up */
    uint8_t samples_per_message; /* the batch at start-up: 1 (USB/UART/SPP) or 4 (BLE) */
    uint8_t with_magnetometer;   /* IMU messages carry mag_ut */
} hh_device_platform;

typedef struct {
    hh_device_platform platform;
    hh_stream rx;              /* commands from the host */
    uint16_t tx_seq;           /* seq of the next frame the device sends */
    uint8_t streaming;         /* 1: IMU messages are sent */
    uint8_t samples_per_message;
    float sample_rate_hz;
    uint32_t samples_dropped;  /* since start-up (STATUS) */
    hh_imu pending;            /* samples waiting for a full batch */
} hh_device;

void hh_device_init(hh_device *device, const hh_device_platform *platform);

/* A new connection or power-up: an idle 0x00 (flushes the host's decoder),
 * then HELLO. Streaming is switched on (PROTOCOL.md 8.2). */
void hh_device_connected(hh_device *device);

/* One sample in the worn frame (x right, y up, z backward), acc in g, gyro in
 * deg/s, mag in uT. Sent when the batch is full; dropped while not streaming. */
void hh_device_add_sample(hh_device *device, const hh_imu_sample *sample);

/* Sends the samples waiting in an incomplete batch (e.g. before a rate change). */
void hh_device_flush(hh_device *device);

/* Counts samples the platform lost before they reached the device (IMU FIFO overrun). */
void hh_device_count_dropped(hh_device *device, uint32_t samples);

void hh_device_send_hello(hh_device *device);
void hh_device_send_status(hh_device *device);

/* Bytes received from the host: commands are decoded and answered. */
void hh_device_receive(hh_device *device, const uint8_t *bytes, size_t length);

#ifdef __cplusplus
}
#endif

#endif /* HIPHIKE_DEVICE_H */
