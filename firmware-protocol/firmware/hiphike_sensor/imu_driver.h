/*
 * IMU driver layer: one implementation per board (imu_bmi270.cpp,
 * imu_mpu6050.cpp). A driver talks to its bus, converts raw counts with the
 * chip's scale factors and returns vectors in the CHIP's axes, in g, degrees
 * per second and microtesla. The axis alignment to the worn frame is applied
 * afterwards, by hiphike_alignment.c, for every board alike.
 */
#ifndef HIPHIKE_IMU_DRIVER_H
#define HIPHIKE_IMU_DRIVER_H

#include <stdint.h>
#include <hiphike_protocol.h>

struct ImuInfo {
    const char *model;
    float sample_rate_hz;
    float acc_range_g;
    float acc_scale_g_per_lsb;
    float gyr_range_dps;
    float gyr_scale_dps_per_lsb;
    bool has_magnetometer;
    bool has_temperature;
};

struct ImuChipSample {
    uint32_t timestamp_us;   /* micros() when the data-ready flag was seen */
    hh_vec3 acc_g;           /* chip axes */
    hh_vec3 gyr_dps;         /* chip axes, right-hand rule */
    hh_vec3 mag_ut;          /* chip axes of the magnetometer, when present */
    uint16_t missed_before;  /* samples the driver saw were skipped (loop too slow) */
};

/* Starts the sensor at the supported rate nearest to rate_hz; fills info. */
bool imu_begin(float rate_hz, ImuInfo *info);
/* True when a new sample was read into *sample. Never blocks. */
bool imu_read(ImuChipSample *sample);
/* Applies the supported rate nearest to wanted_hz; returns the rate in effect. */
float imu_set_rate(float wanted_hz);
/* Die temperature in 0.01 degC; false when the driver cannot read it. */
bool imu_temperature_cdeg_c(int16_t *temperature);
/* False after the sensor stopped answering. */
bool imu_healthy(void);

/* Used by both drivers: whole sample periods missing between two timestamps. */
static inline uint16_t imu_missed_between(uint32_t previous_us, uint32_t now_us, float rate_hz)
{
    float period_us = 1e6f / rate_hz;
    float gap = (float)(uint32_t)(now_us - previous_us) / period_us;
    if (gap < 1.5f)
        return 0;
    gap = gap - 0.5f; /* round(gap) - 1 */
    return gap > 65535.0f ? 65535 : (uint16_t)gap;
}

#endif
