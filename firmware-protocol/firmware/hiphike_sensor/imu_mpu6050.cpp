/*
 * IMU driver: InvenSense MPU-6050 on I2C (e.g. a GY-521 breakout), register
 * level, through the bus layer (i2c_bus.cpp).
 *
 * Sample rate = 1 kHz / (1 + SMPLRT_DIV) with the digital low-pass filter on;
 * the filter is chosen below half the sample rate (100 Hz -> 44 Hz). Data are
 * polled with the DATA_RDY flag and read as one 14-byte burst (acc, temp,
 * gyro; big-endian). Axes are the chip's (the X and Y arrows printed on the
 * GY-521, Z out of the component side).
 */
#include "config.h"

#if HIPHIKE_BOARD_IS_ESP32

#include <Arduino.h>

#include "i2c_bus.h"
#include "imu_driver.h"

enum {
    REG_SMPLRT_DIV = 0x19,
    REG_CONFIG = 0x1A,
    REG_GYRO_CONFIG = 0x1B,
    REG_ACCEL_CONFIG = 0x1C,
    REG_INT_ENABLE = 0x38,
    REG_INT_STATUS = 0x3A,
    REG_ACCEL_XOUT_H = 0x3B,
    REG_PWR_MGMT_1 = 0x6B,
    REG_WHO_AM_I = 0x75
};

static const uint8_t ADDRESS = HIPHIKE_MPU6050_ADDRESS;
static float rate_hz = 100.0f;
static float acc_lsb_per_g, gyr_lsb_per_dps;
static int16_t last_temperature_raw;
static uint32_t previous_us;
static bool have_previous, healthy;

static int16_t be16(const uint8_t *p)
{
    return (int16_t)((p[0] << 8) | p[1]);
}

/* DLPF_CFG 1..6 bandwidths (accelerometer, Hz): the widest below rate / 2. */
static uint8_t dlpf_for(float sample_rate_hz)
{
    static const float bandwidth_hz[7] = {260.0f, 184.0f, 94.0f, 44.0f, 21.0f, 10.0f, 5.0f};
    uint8_t cfg;
    for (cfg = 1; cfg < 6; cfg++)
        if (bandwidth_hz[cfg] < sample_rate_hz / 2.0f)
            return cfg;
    return 6;
}

float imu_set_rate(float wanted_hz)
{
    long divider = lroundf(1000.0f / wanted_hz) - 1;
    if (divider < 4)
        divider = 4; /* 200 Hz at most: I2C polling budget */
    if (divider > 255)
        divider = 255;
    rate_hz = 1000.0f / (float)(1 + divider);
    healthy = i2c_write_register(ADDRESS, REG_CONFIG, dlpf_for(rate_hz)) &&
              i2c_write_register(ADDRESS, REG_SMPLRT_DIV, (uint8_t)divider);
    have_previous = false;
    return rate_hz;
}

bool imu_begin(float wanted_hz, ImuInfo *info)
{
    uint8_t who = 0, afs, fs;

    switch (HIPHIKE_ACC_RANGE_G) {
    case 2: afs = 0; break;
    case 4: afs = 1; break;
    case 16: afs = 3; break;
    default: afs = 2; break; /* 8 g */
    }
    switch (HIPHIKE_GYR_RANGE_DPS) {
    case 250: fs = 0; break;
    case 500: fs = 1; break;
    case 2000: fs = 3; break;
    default: fs = 2; break; /* 1000 dps */
    }
    acc_lsb_per_g = 16384.0f / (float)(1 << afs);
    gyr_lsb_per_dps = 131.0f / (float)(1 << fs);

    healthy = i2c_begin(HIPHIKE_I2C_SDA_PIN, HIPHIKE_I2C_SCL_PIN, HIPHIKE_I2C_CLOCK_HZ) &&
              i2c_read_registers(ADDRESS, REG_WHO_AM_I, &who, 1) && who == 0x68 &&
              i2c_write_register(ADDRESS, REG_PWR_MGMT_1, 0x80); /* reset */
    delay(100);
    healthy = healthy && i2c_write_register(ADDRESS, REG_PWR_MGMT_1, 0x01) && /* wake, PLL on gyro X */
              i2c_write_register(ADDRESS, REG_GYRO_CONFIG, (uint8_t)(fs << 3)) &&
              i2c_write_register(ADDRESS, REG_ACCEL_CONFIG, (uint8_t)(afs << 3)) &&
              i2c_write_register(ADDRESS, REG_INT_ENABLE, 0x01); /* DATA_RDY */
    if (healthy)
        imu_set_rate(wanted_hz);

    info->model = HIPHIKE_SENSOR_MODEL;
    info->sample_rate_hz = rate_hz;
    info->acc_range_g = (float)(2 << afs);
    info->acc_scale_g_per_lsb = 1.0f / acc_lsb_per_g;
    info->gyr_range_dps = 250.0f * (float)(1 << fs);
    info->gyr_scale_dps_per_lsb = 1.0f / gyr_lsb_per_dps;
    info->has_magnetometer = false;
    info->has_temperature = true;
    return healthy;
}

bool imu_read(ImuChipSample *s)
{
    uint8_t status = 0, raw[14];
    if (!healthy)
        return false;
    if (!i2c_read_registers(ADDRESS, REG_INT_STATUS, &status, 1)) {
        healthy = false;
        return false;
    }
    if (!(status & 0x01))
        return false;
    s->timestamp_us = micros();
    if (!i2c_read_registers(ADDRESS, REG_ACCEL_XOUT_H, raw, sizeof raw)) {
        healthy = false;
        return false;
    }
    s->acc_g.x = (float)be16(raw + 0) / acc_lsb_per_g;
    s->acc_g.y = (float)be16(raw + 2) / acc_lsb_per_g;
    s->acc_g.z = (float)be16(raw + 4) / acc_lsb_per_g;
    last_temperature_raw = be16(raw + 6);
    s->gyr_dps.x = (float)be16(raw + 8) / gyr_lsb_per_dps;
    s->gyr_dps.y = (float)be16(raw + 10) / gyr_lsb_per_dps;
    s->gyr_dps.z = (float)be16(raw + 12) / gyr_lsb_per_dps;
    s->mag_ut.x = s->mag_ut.y = s->mag_ut.z = 0.0f;
    s->missed_before = have_previous ? imu_missed_between(previous_us, s->timestamp_us, rate_hz) : 0;
    previous_us = s->timestamp_us;
    have_previous = true;
    return true;
}

bool imu_temperature_cdeg_c(int16_t *temperature)
{
    /* Datasheet: degC = raw / 340 + 36.53 */
    if (!healthy)
        return false;
    *temperature = (int16_t)lroundf(((float)last_temperature_raw / 340.0f + 36.53f) * 100.0f);
    return true;
}

bool imu_healthy(void)
{
    return healthy;
}

#endif
