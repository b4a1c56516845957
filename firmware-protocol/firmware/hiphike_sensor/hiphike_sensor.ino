/*
 * hiphike sensor: reference firmware.
 *
 * One IMU clipped to the back of the pelvis streams accelerometer (g) and
 * gyroscope (deg/s) samples in the worn frame (x = wearer's right, y = up,
 * z = backward) with the hiphike sensor protocol (../../PROTOCOL.md).
 *
 * Layers, each knowing only the one below:
 *   bus        Wire / the IMU library's I2C          (i2c_bus.cpp)
 *   driver     chip registers -> chip axes, units    (imu_bmi270.cpp, imu_mpu6050.cpp)
 *   alignment  chip axes -> worn frame               (hiphike_alignment.c, shared)
 *   encoder    batching, HELLO/STATUS, commands,     (hiphike_device.c, hiphike_protocol.c, shared:
 *              COBS + CRC framing                     the same files the desktop tests run)
 *   transport  USB serial, BLE NUS or Bluetooth SPP  (transport_*.cpp; the BLE ones over
 *                                                   hiphike_ble.c, shared: queue, MTU, states)
 *
 * Board, rate, batching and axis alignment: config.h. Wiring, mounting and
 * build instructions: README.md.
 */
#include "config.h"

#include <hiphike_alignment.h>
#include <hiphike_device.h>
#include <hiphike_protocol.h>

#include "imu_driver.h"
#include "transport.h"

#if HIPHIKE_BOARD == HIPHIKE_BOARD_NANO33BLE_REV2
#include "nrf.h" /* NRF_FICR: factory device id */
#endif

/* One protocol link per transport: own seq, batch, streaming state. */
struct Link {
    const Transport *transport;
    hh_device device;
    bool connected;
};

static Link links[2];
static const size_t LINK_COUNT = sizeof links / sizeof links[0];
static ImuInfo imu_info;
static hh_alignment alignment;
#if HIPHIKE_WITH_MAGNETOMETER
static hh_alignment mag_alignment;
#endif
static uint64_t device_id;
static char device_name[16];
static uint32_t identify_until_ms;
static uint32_t last_status_ms;

/* HIGH/LOW, not an int: the Mbed core's digitalWrite takes a PinStatus. */
static void led(bool on)
{
    digitalWrite(HIPHIKE_LED_PIN, on ? HIGH : LOW);
}

/* A configuration error: flash the LED at 5 Hz forever, send nothing. */
static void halt_with_fast_blink(void)
{
    for (;;)
        led((millis() / 100) % 2 != 0);
}

/* ------------------------------------------------------- board specifics */

static uint64_t read_device_id(void)
{
#if HIPHIKE_BOARD == HIPHIKE_BOARD_NANO33BLE_REV2
    return ((uint64_t)NRF_FICR->DEVICEID[1] << 32) | NRF_FICR->DEVICEID[0];
#else
    return ESP.getEfuseMac(); /* the factory MAC address, 48 bits */
#endif
}

static void read_battery(hh_status *status)
{
#if HIPHIKE_BOARD_IS_ESP32 && HIPHIKE_BATTERY_PIN >= 0
    /* One LiPo cell: 3.30 V empty .. 4.20 V full, linear (good enough for a hint). */
    float mv = (float)analogReadMilliVolts(HIPHIKE_BATTERY_PIN) * HIPHIKE_BATTERY_DIVIDER;
    float percent = (mv - 3300.0f) / (4200.0f - 3300.0f) * 100.0f;
    status->battery_mv = (uint16_t)mv;
    status->battery_percent = (uint8_t)(percent < 0.0f ? 0.0f : percent > 100.0f ? 100.0f : percent);
#else
    (void)status; /* unknown: USB powered or not measured */
#endif
}

/* ------------------------------------------- callbacks of the shared code */

static int link_write(void *context, const uint8_t *bytes, size_t length)
{
    Link *link = (Link *)context;
    return link->transport->write(bytes, length) ? 1 : 0;
}

static uint32_t link_now_us(void *context)
{
    (void)context;
    return micros(); /* wraps at 2^32 us like the protocol's timestamps */
}

static void link_fill_hello(void *context, hh_hello *hello)
{
    (void)context;
    hello->firmware_major = HIPHIKE_FIRMWARE_MAJOR;
    hello->firmware_minor = HIPHIKE_FIRMWARE_MINOR;
    hello->firmware_patch = HIPHIKE_FIRMWARE_PATCH;
    hello->capabilities = imu_info.has_temperature ? HH_CAP_TEMPERATURE : 0;
#if HIPHIKE_BOARD_IS_ESP32 && HIPHIKE_BATTERY_PIN >= 0
    hello->capabilities |= HH_CAP_BATTERY;
#endif
    hello->device_id = device_id;
    hello->acc_range_g = imu_info.acc_range_g;
    hello->acc_scale_g_per_lsb = imu_info.acc_scale_g_per_lsb;
    hello->gyr_range_dps = imu_info.gyr_range_dps;
    hello->gyr_scale_dps_per_lsb = imu_info.gyr_scale_dps_per_lsb;
    hh_alignment_name(&alignment, hello->axis_alignment);
    strncpy(hello->sensor_model, imu_info.model, sizeof hello->sensor_model - 1);
    strncpy(hello->board, HIPHIKE_BOARD_NAME, sizeof hello->board - 1);
}

static void link_fill_status(void *context, hh_status *status)
{
    int16_t temperature;
    (void)context;
    read_battery(status);
    if (imu_temperature_cdeg_c(&temperature))
        status->temperature_cdeg_c = temperature;
    if (!imu_healthy())
        status->flags |= HH_STATUS_FLAG_IMU_FAULT;
}

static uint8_t link_set_rate(void *context, float wanted_hz, float *actual_hz)
{
    size_t i;
    (void)context;
    *actual_hz = imu_set_rate(wanted_hz);
    imu_info.sample_rate_hz = *actual_hz;
    /* One IMU for all links: the others report the new rate from now on. */
    for (i = 0; i < LINK_COUNT; i++) {
        hh_device_flush(&links[i].device);
        links[i].device.sample_rate_hz = *actual_hz;
    }
    return HH_STATUS_OK;
}

static uint8_t link_identify(void *context, uint16_t duration_ms)
{
    (void)context;
    identify_until_ms = millis() + duration_ms;
    return HH_STATUS_OK;
}

/* ------------------------------------------------------------ set-up */

static void start_link(Link *link, const Transport *transport, uint8_t samples_per_message)
{
    hh_device_platform platform;
    memset(&platform, 0, sizeof platform);
    platform.context = link;
    platform.write = link_write;
    platform.now_us = link_now_us;
    platform.fill_hello = link_fill_hello;
    platform.fill_status = link_fill_status;
    platform.set_rate = link_set_rate;
    platform.identify = link_identify;
    platform.sample_rate_hz = imu_info.sample_rate_hz;
    platform.samples_per_message = samples_per_message;
    platform.with_magnetometer = imu_info.has_magnetometer ? 1 : 0;
    link->transport = transport;
    link->connected = false;
    hh_device_init(&link->device, &platform);
    transport->begin(device_name);
}

void setup()
{
    pinMode(HIPHIKE_LED_PIN, OUTPUT);
    led(false);
    /* A mirror image or a typo in config.h: refuse to send wrong axes. */
    if (hh_alignment_parse(HIPHIKE_ALIGNMENT, &alignment) != 0)
        halt_with_fast_blink();
#if HIPHIKE_WITH_MAGNETOMETER
    if (hh_alignment_parse(HIPHIKE_MAG_ALIGNMENT, &mag_alignment) != 0)
        halt_with_fast_blink();
#endif
    device_id = read_device_id();
    snprintf(device_name, sizeof device_name, "hiphike-%04X", (unsigned)(device_id & 0xFFFF));
    imu_begin(HIPHIKE_SAMPLE_RATE_HZ, &imu_info); /* a fault is reported in STATUS */
    start_link(&links[0], &usb_transport, HIPHIKE_USB_SAMPLES_PER_MESSAGE);
    start_link(&links[1], &wireless_transport, HIPHIKE_WIRELESS_SAMPLES_PER_MESSAGE);
    last_status_ms = millis();
}

/* ------------------------------------------------------------- loop */

void loop()
{
    ImuChipSample chip;
    uint8_t received[64];
    size_t i;

    /* Connections and commands. */
    for (i = 0; i < LINK_COUNT; i++) {
        Link *link = &links[i];
        bool connected = link->transport->connected();
        size_t n;
        if (connected && !link->connected)
            hh_device_connected(&link->device); /* idle 0x00 + HELLO, streaming on */
        link->connected = connected;
        while ((n = link->transport->read(received, sizeof received)) > 0)
            hh_device_receive(&link->device, received, n);
    }

    /* Samples: driver (chip axes) -> alignment (worn frame) -> each link. */
    while (imu_read(&chip)) {
        hh_imu_sample sample;
        sample.timestamp_us = chip.timestamp_us;
        sample.acc_g = hh_alignment_apply(&alignment, chip.acc_g);
        sample.gyr_dps = hh_alignment_apply(&alignment, chip.gyr_dps);
#if HIPHIKE_WITH_MAGNETOMETER
        sample.mag_ut = hh_alignment_apply(&mag_alignment, chip.mag_ut);
#else
        sample.mag_ut = chip.mag_ut;
#endif
        for (i = 0; i < LINK_COUNT; i++) {
            if (!links[i].connected)
                continue;
            if (chip.missed_before)
                hh_device_count_dropped(&links[i].device, chip.missed_before);
            hh_device_add_sample(&links[i].device, &sample);
        }
    }

    /* STATUS once a second on every connected link. */
    if (millis() - last_status_ms >= HIPHIKE_STATUS_PERIOD_MS) {
        last_status_ms += HIPHIKE_STATUS_PERIOD_MS;
        for (i = 0; i < LINK_COUNT; i++)
            if (links[i].connected)
                hh_device_send_status(&links[i].device);
    }

    /* IDENTIFY: blink at 4 Hz until the time is up. */
    led((int32_t)(identify_until_ms - millis()) > 0 && (millis() / 125) % 2 != 0);
}
