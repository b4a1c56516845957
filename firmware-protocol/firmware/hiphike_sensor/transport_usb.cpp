/* Transport: USB serial (native USB CDC on the Nano 33 BLE, USB-UART bridge on ESP32 boards). */
#include "config.h"

#include <Arduino.h>

#include "transport.h"

static bool usb_begin(const char *device_name)
{
    (void)device_name;
#if defined(ARDUINO_ARCH_ESP32)
    Serial.setTxBufferSize(1024); /* so availableForWrite() covers a whole batch */
#endif
    Serial.begin(HIPHIKE_SERIAL_BAUD);
    return true;
}

static bool usb_connected(void)
{
#if defined(ARDUINO_ARCH_MBED)
    return (bool)Serial; /* DTR: a program has opened the port */
#else
    /* A USB-UART bridge cannot tell. Opening the port usually resets an
     * ESP32 DevKit (DTR/RTS), which then starts with an idle 0x00 and HELLO. */
    return true;
#endif
}

static bool usb_write(const uint8_t *bytes, size_t length)
{
#if defined(ARDUINO_ARCH_ESP32)
    if ((size_t)Serial.availableForWrite() < length)
        return false; /* the host is not reading fast enough: drop, never stall sampling */
#endif
    return Serial.write(bytes, length) == length;
}

static size_t usb_read(uint8_t *bytes, size_t capacity)
{
    size_t n = 0;
    while (n < capacity && Serial.available() > 0)
        bytes[n++] = (uint8_t)Serial.read();
    return n;
}

const Transport usb_transport = {"usb", usb_begin, usb_connected, usb_write, usb_read};
