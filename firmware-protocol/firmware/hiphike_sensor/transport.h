/*
 * Transport layer: moves wire bytes, knows nothing of their meaning. Each
 * board has two: USB serial and a wireless one (BLE NUS on the Nano 33 BLE,
 * Bluetooth SPP on the ESP32). Each transport gets its own protocol link
 * (hh_device: own seq, batch and streaming state), see hiphike_sensor.ino.
 */
#ifndef HIPHIKE_TRANSPORT_H
#define HIPHIKE_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

struct Transport {
    const char *name;
    /* Starts the transport; name is the advertised device name. */
    bool (*begin)(const char *device_name);
    /* A host is listening (port open, notifications enabled, client connected). */
    bool (*connected)(void);
    /* Writes one frame; true when all bytes were accepted. Never blocks for long:
     * a frame that does not fit is refused and counted as dropped. */
    bool (*write)(const uint8_t *bytes, size_t length);
    /* Copies up to capacity received bytes; returns how many. */
    size_t (*read)(uint8_t *bytes, size_t capacity);
};

extern const Transport usb_transport;
extern const Transport wireless_transport;

#endif
