/* Transport: Bluetooth Classic SPP with BluetoothSerial (classic ESP32 only;
 * the ESP32-S2/S3/C3 have no Bluetooth Classic). */
#include "config.h"

#if HIPHIKE_BOARD == HIPHIKE_BOARD_ESP32_MPU6050

#include <Arduino.h>
#include <BluetoothSerial.h>

#include "transport.h"

static BluetoothSerial bluetooth;
static bool started;

static bool spp_begin(const char *device_name)
{
    started = bluetooth.begin(device_name);
    return started;
}

static bool spp_connected(void)
{
    return started && bluetooth.hasClient();
}

static bool spp_write(const uint8_t *bytes, size_t length)
{
    return bluetooth.write(bytes, length) == length;
}

static size_t spp_read(uint8_t *bytes, size_t capacity)
{
    size_t n = 0;
    while (started && n < capacity && bluetooth.available() > 0)
        bytes[n++] = (uint8_t)bluetooth.read();
    return n;
}

const Transport wireless_transport = {"bt-spp", spp_begin, spp_connected, spp_write, spp_read};

#endif
