/*
 * IMU driver: Bosch BMI270 (+ BMM150) of the Arduino Nano 33 BLE Rev2, via
 * the Arduino_BMI270_BMM150 library (bus: its internal I2C on Wire1).
 *
 * The library configures the BMI270 at 100 Hz, +-4 g (8192 LSB/g) and
 * +-2000 dps (16.384 LSB/dps); the rate cannot be changed through it. On
 * Nano 33 BLE builds it swaps and negates x and y (x = -chip y,
 * y = -chip x), a mirror image; this driver undoes that so that it returns
 * the BMI270's own right-handed axes (the axis drawing printed on the board).
 */
#include "config.h"

#if HIPHIKE_BOARD == HIPHIKE_BOARD_NANO33BLE_REV2

#include <Arduino.h>
#include <Arduino_BMI270_BMM150.h>

#include "imu_driver.h"

static const float RATE_HZ = 100.0f;
static uint32_t previous_us;
static bool have_previous;
static bool healthy;
static hh_vec3 last_mag_ut;

static hh_vec3 library_to_chip(float x, float y, float z)
{
    hh_vec3 v;
/* The same condition as the library's own remap (BMI270.cpp). */
#if defined(ARDUINO_NANO33BLE) || defined(TARGET_ARDUINO_NANO33BLE)
    v.x = -y;
    v.y = -x;
#else
    v.x = x;
    v.y = y;
#endif
    v.z = z;
    return v;
}

bool imu_begin(float rate_hz, ImuInfo *info)
{
    (void)rate_hz; /* fixed by the library */
    healthy = IMU.begin() != 0;
    info->model = HIPHIKE_SENSOR_MODEL;
    info->sample_rate_hz = RATE_HZ;
    info->acc_range_g = 4.0f;
    info->acc_scale_g_per_lsb = 1.0f / 8192.0f;
    info->gyr_range_dps = 2000.0f;
    info->gyr_scale_dps_per_lsb = 1.0f / 16.384f;
    info->has_magnetometer = HIPHIKE_WITH_MAGNETOMETER != 0;
    info->has_temperature = false; /* not exposed by the library */
    return healthy;
}

bool imu_read(ImuChipSample *s)
{
    float ax, ay, az, gx, gy, gz;
    if (!healthy || !IMU.accelerationAvailable())
        return false;
    s->timestamp_us = micros();
    if (!IMU.readAcceleration(ax, ay, az) || !IMU.readGyroscope(gx, gy, gz)) {
        healthy = false;
        return false;
    }
    s->acc_g = library_to_chip(ax, ay, az);
    s->gyr_dps = library_to_chip(gx, gy, gz);
#if HIPHIKE_WITH_MAGNETOMETER
    if (IMU.magneticFieldAvailable()) {
        float mx, my, mz;
        if (IMU.readMagneticField(mx, my, mz)) {
            last_mag_ut.x = mx; /* BMM150 axes as the library returns them */
            last_mag_ut.y = my;
            last_mag_ut.z = mz;
        }
    }
#endif
    s->mag_ut = last_mag_ut;
    s->missed_before = have_previous ? imu_missed_between(previous_us, s->timestamp_us, RATE_HZ) : 0;
    previous_us = s->timestamp_us;
    have_previous = true;
    return true;
}

float imu_set_rate(float wanted_hz)
{
    (void)wanted_hz;
    return RATE_HZ; /* the only rate: the nearest supported one */
}

bool imu_temperature_cdeg_c(int16_t *temperature)
{
    (void)temperature;
    return false;
}

bool imu_healthy(void)
{
    return healthy;
}

#endif
