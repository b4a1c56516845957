/*
 * Transport: BLE Nordic UART Service (NUS) with ArduinoBLE (Nano 33 BLE Rev2).
 * Device -> host: notifications on TX; host -> device: writes to RX. The
 * byte stream is the concatenation of notification values (PROTOCOL.md 2.1),
 * so frames are cut into notifications of HIPHIKE_BLE_NOTIFY_BYTES.
 */
#include "config.h"

#if HIPHIKE_BOARD == HIPHIKE_BOARD_NANO33BLE_REV2

#include <Arduino.h>
#include <ArduinoBLE.h>

#include "transport.h"

static BLEService nus("6E400001-B5A3-F393-E0A9-E50E24DCCA9E");
static BLECharacteristic rx("6E400002-B5A3-F393-E0A9-E50E24DCCA9E", BLEWrite | BLEWriteWithoutResponse, 244);
static BLECharacteristic tx("6E400003-B5A3-F393-E0A9-E50E24DCCA9E", BLENotify, 244);

/* Bytes written by the host, kept until the sketch reads them. */
static uint8_t received[512];
static size_t received_head, received_tail;
static bool started;

static void on_rx_written(BLEDevice central, BLECharacteristic characteristic)
{
    const uint8_t *value = characteristic.value();
    int length = characteristic.valueLength(), i;
    (void)central;
    for (i = 0; i < length; i++) {
        size_t next = (received_head + 1) % sizeof received;
        if (next == received_tail)
            break; /* full: the rest is lost; the command's CRC or the host's timeout will tell */
        received[received_head] = value[i];
        received_head = next;
    }
}

static bool ble_begin(const char *device_name)
{
    if (!BLE.begin())
        return false;
    BLE.setLocalName(device_name);
    BLE.setDeviceName(device_name);
    BLE.setAdvertisedService(nus);
    nus.addCharacteristic(rx);
    nus.addCharacteristic(tx);
    BLE.addService(nus);
    rx.setEventHandler(BLEWritten, on_rx_written);
    BLE.advertise();
    started = true;
    return true;
}

static bool ble_connected(void)
{
    if (!started)
        return false;
    BLE.poll();
    return BLE.connected() && tx.subscribed();
}

static bool ble_write(const uint8_t *bytes, size_t length)
{
    size_t done = 0;
    while (done < length) {
        size_t n = length - done;
        if (n > HIPHIKE_BLE_NOTIFY_BYTES)
            n = HIPHIKE_BLE_NOTIFY_BYTES;
        if (!tx.writeValue(bytes + done, (int)n))
            return false; /* the rest of the frame is lost: the host's decoder resynchronises */
        done += n;
    }
    return true;
}

static size_t ble_read(uint8_t *bytes, size_t capacity)
{
    size_t n = 0;
    if (started)
        BLE.poll();
    while (n < capacity && received_tail != received_head) {
        bytes[n++] = received[received_tail];
        received_tail = (received_tail + 1) % sizeof received;
    }
    return n;
}

const Transport wireless_transport = {"ble-nus", ble_begin, ble_connected, ble_write, ble_read};

#endif
