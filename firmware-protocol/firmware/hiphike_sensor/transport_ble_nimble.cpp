/*
 * Transport: BLE Nordic UART Service with NimBLE-Arduino 2.x (ESP32, ESP32-S3,
 * ESP32-C3, ESP32-C6: every ESP32 with Bluetooth LE).
 *
 * Device -> host: notifications on TX, each as long as the negotiated ATT MTU
 * allows (MTU - 3 bytes, at most HIPHIKE_BLE_MAX_NOTIFY_BYTES); frames may
 * span notifications (PROTOCOL.md 2.1). Host -> device: writes to RX.
 *
 * Advertising: flags + the NUS service UUID (128 bits) in the advertisement,
 * the name hiphike-XXXX in the scan response (both do not fit in 31 bytes).
 * hiphike (BlueZ) tells the board by the UUID and finds it by the name.
 *
 * The send queue, the notification sizing and the connection states are the
 * portable hiphike_ble.c, tested on the desktop. NimBLE calls its callbacks on
 * its own FreeRTOS task: they only record what happened (atomics, a
 * single-producer ring for RX); the loop applies it to the link.
 */
#include "config.h"

#if HIPHIKE_BOARD == HIPHIKE_BOARD_ESP32_BLE_MPU6050

#include <Arduino.h>
#include <NimBLEDevice.h>

#include <atomic>

#include <hiphike_ble.h>

#include "transport.h"

static const char NUS_SERVICE[] = "6E400001-B5A3-F393-E0A9-E50E24DCCA9E";
static const char NUS_RX[] = "6E400002-B5A3-F393-E0A9-E50E24DCCA9E";
static const char NUS_TX[] = "6E400003-B5A3-F393-E0A9-E50E24DCCA9E";

/* Connection interval asked for after a connection, in units of 1.25 ms:
 * 7.5..15 ms, so 25 frames a second leave in time; no peripheral latency;
 * supervision timeout 4 s (units of 10 ms): a sensor walking out of range is
 * noticed then. */
static const uint16_t CONN_INTERVAL_MIN = 6, CONN_INTERVAL_MAX = 12, CONN_LATENCY = 0, SUPERVISION_TIMEOUT = 400;

static hh_ble_link ble;
static NimBLEServer *server;
static NimBLECharacteristic *tx;
static bool started;

/* ---- what NimBLE's task saw, for the loop */
static std::atomic<uint32_t> connects(0), disconnects(0);
static std::atomic<uint16_t> conn_handle(BLE_HS_CONN_HANDLE_NONE);
static std::atomic<uint16_t> att_mtu(HH_BLE_DEFAULT_ATT_MTU);
static std::atomic<bool> notifications_on(false);
static uint32_t seen_connects, seen_disconnects;
/* What connected() last told the sketch, and whether a new session began
 * while it said true (disconnect, connect and subscribe between two passes):
 * then it says false once, so the sketch greets the new host with HELLO. */
static bool reported_streaming, new_session;

/* Bytes written to RX: NimBLE's task appends, the loop takes. */
static uint8_t received[512];
static std::atomic<size_t> received_head(0), received_tail(0);

class ServerEvents : public NimBLEServerCallbacks {
    void onConnect(NimBLEServer *s, NimBLEConnInfo &info) override
    {
        notifications_on = false;
        att_mtu = info.getMTU();
        conn_handle = info.getConnHandle();
        connects++;
        s->updateConnParams(info.getConnHandle(), CONN_INTERVAL_MIN, CONN_INTERVAL_MAX, CONN_LATENCY, SUPERVISION_TIMEOUT);
    }

    void onDisconnect(NimBLEServer *s, NimBLEConnInfo &info, int reason) override
    {
        (void)s;
        (void)info;
        (void)reason; /* out of range, switched off or closed: the same for the link */
        notifications_on = false;
        conn_handle = BLE_HS_CONN_HANDLE_NONE;
        disconnects++;
    }

    void onMTUChange(uint16_t mtu, NimBLEConnInfo &info) override
    {
        (void)info;
        att_mtu = mtu;
    }
};

class TxEvents : public NimBLECharacteristicCallbacks {
    void onSubscribe(NimBLECharacteristic *c, NimBLEConnInfo &info, uint16_t sub_value) override
    {
        (void)c;
        (void)info;
        notifications_on = (sub_value & 1u) != 0; /* bit 0: notifications, bit 1: indications */
    }
};

class RxEvents : public NimBLECharacteristicCallbacks {
    void onWrite(NimBLECharacteristic *c, NimBLEConnInfo &info) override
    {
        NimBLEAttValue value = c->getValue();
        const uint8_t *bytes = value.data();
        size_t i, head = received_head.load();
        (void)info;
        for (i = 0; i < value.size(); i++) {
            size_t next = (head + 1) % sizeof received;
            if (next == received_tail.load())
                break; /* full: the rest is lost; the command's CRC or the host's timeout will tell */
            received[head] = bytes[i];
            head = next;
        }
        received_head = head;
    }
};

static ServerEvents server_events;
static TxEvents tx_events;
static RxEvents rx_events;

static int notify(void *context, const uint8_t *bytes, size_t length)
{
    (void)context;
    /* false when NimBLE has no buffer now: hh_ble keeps the bytes for the next pass */
    return tx->notify(bytes, length, conn_handle.load()) ? 1 : 0;
}

static bool start_advertising(void)
{
    return NimBLEDevice::getAdvertising()->start();
}

/* Applies NimBLE's events to the link, restarts advertising when due, sends
 * what is queued. Called every loop pass. */
static void service(void)
{
    uint32_t now_ms = millis();
    uint32_t c = connects.load(), d = disconnects.load();
    if (d != seen_disconnects) {
        seen_disconnects = d;
        hh_ble_on_disconnected(&ble, now_ms);
    }
    if (c != seen_connects) {
        seen_connects = c;
        if (conn_handle.load() != BLE_HS_CONN_HANDLE_NONE)
            hh_ble_on_connected(&ble);
    }
    if (ble.state != HH_BLE_ADVERTISING) {
        hh_ble_on_mtu(&ble, att_mtu.load());
        if (hh_ble_on_subscribed(&ble, notifications_on.load()) && reported_streaming)
            new_session = true;
    }
    if (hh_ble_advertise_due(&ble, now_ms))
        hh_ble_advertise_result(&ble, start_advertising(), now_ms);
    hh_ble_pump(&ble, notify, NULL, HIPHIKE_BLE_PUMP_PER_LOOP);
}

static bool ble_begin(const char *device_name)
{
    NimBLEService *nus;
    NimBLECharacteristic *rx;
    NimBLEAdvertisementData advertisement, scan_response;
    NimBLEAdvertising *advertising;

    if (!NimBLEDevice::init(device_name))
        return false;
    NimBLEDevice::setMTU(HIPHIKE_BLE_PREFERRED_ATT_MTU);
    server = NimBLEDevice::createServer();
    server->setCallbacks(&server_events, false);
    server->advertiseOnDisconnect(false); /* the loop restarts it (hh_ble), retrying if refused */
    nus = server->createService(NUS_SERVICE);
    tx = nus->createCharacteristic(NUS_TX, NIMBLE_PROPERTY::NOTIFY, HH_BLE_MAX_NOTIFY_BYTES);
    rx = nus->createCharacteristic(NUS_RX, NIMBLE_PROPERTY::WRITE | NIMBLE_PROPERTY::WRITE_NR, HH_BLE_MAX_NOTIFY_BYTES);
    tx->setCallbacks(&tx_events);
    rx->setCallbacks(&rx_events);
    nus->start();
    server->start();

    /* 3 bytes of flags + 18 of the 128-bit UUID = 21 of 31; the name (2 + 12) in the scan response */
    advertisement.setFlags(BLE_HS_ADV_F_DISC_GEN | BLE_HS_ADV_F_BREDR_UNSUP);
    advertisement.setCompleteServices(NimBLEUUID(NUS_SERVICE));
    scan_response.setName(device_name);
    advertising = NimBLEDevice::getAdvertising();
    advertising->enableScanResponse(true);
    advertising->setAdvertisementData(advertisement);
    advertising->setScanResponseData(scan_response);

    hh_ble_init(&ble, HIPHIKE_BLE_MAX_NOTIFY_BYTES);
    started = true;
    service(); /* advertising starts now */
    return true;
}

static bool ble_connected(void)
{
    if (!started)
        return false;
    service();
    if (new_session) {
        new_session = false;
        reported_streaming = false;
        return false;
    }
    reported_streaming = hh_ble_streaming(&ble) != 0;
    return reported_streaming;
}

static bool ble_write(const uint8_t *bytes, size_t length)
{
    if (!hh_ble_queue_frame(&ble, bytes, length))
        return false; /* refused whole: counted, the host sees a seq gap */
    hh_ble_pump(&ble, notify, NULL, HIPHIKE_BLE_PUMP_PER_LOOP);
    return true;
}

static size_t ble_read(uint8_t *bytes, size_t capacity)
{
    size_t n = 0, tail = received_tail.load();
    while (n < capacity && tail != received_head.load()) {
        bytes[n++] = received[tail];
        tail = (tail + 1) % sizeof received;
    }
    received_tail = tail;
    return n;
}

const Transport wireless_transport = {"ble-nus", ble_begin, ble_connected, ble_write, ble_read};

#endif
