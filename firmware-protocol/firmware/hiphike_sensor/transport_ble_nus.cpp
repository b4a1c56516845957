/*
 * Transport: BLE Nordic UART Service (NUS) with ArduinoBLE (Nano 33 BLE Rev2).
 * Device -> host: notifications on TX; host -> device: writes to RX. The
 * byte stream is the concatenation of notification values (PROTOCOL.md 2.1),
 * so frames are cut into notifications of HIPHIKE_BLE_NOTIFY_BYTES: ArduinoBLE
 * has no public call for the negotiated ATT MTU, and its notify cuts a value
 * longer than MTU - 3 without telling, so the size that fits every central.
 *
 * Queue, notification cutting and connection states: the portable
 * hiphike_ble.c (as the NimBLE build). ArduinoBLE runs in the loop (BLE.poll),
 * so its state is read there directly.
 */
#include "config.h"

#if HIPHIKE_BOARD == HIPHIKE_BOARD_NANO33BLE_REV2

#include <Arduino.h>
#include <ArduinoBLE.h>

#include <hiphike_ble.h>

#include "transport.h"

static BLEService nus("6E400001-B5A3-F393-E0A9-E50E24DCCA9E");
static BLECharacteristic rx("6E400002-B5A3-F393-E0A9-E50E24DCCA9E", BLEWrite | BLEWriteWithoutResponse, 244);
static BLECharacteristic tx("6E400003-B5A3-F393-E0A9-E50E24DCCA9E", BLENotify, 244);

/* Bytes written by the host, kept until the sketch reads them. */
static uint8_t received[512];
static size_t received_head, received_tail;
static bool started;
static hh_ble_link ble;

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

static int notify(void *context, const uint8_t *bytes, size_t length)
{
    (void)context;
    return tx.writeValue(bytes, (int)length) > 0 ? 1 : 0; /* 0: not sent, kept for the next pass */
}

/* Reads ArduinoBLE's state into the link, restarts advertising when due,
 * sends what is queued. Called every loop pass. */
static void service(void)
{
    uint32_t now_ms = millis();
    bool central;
    BLE.poll();
    central = BLE.connected();
    if (!central && ble.state != HH_BLE_ADVERTISING)
        hh_ble_on_disconnected(&ble, now_ms);
    if (central && ble.state == HH_BLE_ADVERTISING)
        hh_ble_on_connected(&ble);
    if (ble.state != HH_BLE_ADVERTISING)
        hh_ble_on_subscribed(&ble, tx.subscribed() ? 1 : 0);
    if (hh_ble_advertise_due(&ble, now_ms))
        hh_ble_advertise_result(&ble, BLE.advertise() == 1, now_ms);
    hh_ble_pump(&ble, notify, NULL, 4);
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
    hh_ble_init(&ble, HIPHIKE_BLE_NOTIFY_BYTES);
    started = true;
    service(); /* advertising starts now */
    return true;
}

static bool ble_connected(void)
{
    if (!started)
        return false;
    service();
    return hh_ble_streaming(&ble) != 0;
}

static bool ble_write(const uint8_t *bytes, size_t length)
{
    if (!hh_ble_queue_frame(&ble, bytes, length))
        return false; /* refused whole: counted, the host sees a seq gap */
    hh_ble_pump(&ble, notify, NULL, 4);
    return true;
}

static size_t ble_read(uint8_t *bytes, size_t capacity)
{
    size_t n = 0;
    while (n < capacity && received_tail != received_head) {
        bytes[n++] = received[received_tail];
        received_tail = (received_tail + 1) % sizeof received;
    }
    return n;
}

const Transport wireless_transport = {"ble-nus", ble_begin, ble_connected, ble_write, ble_read};

#endif
