/*
 * hiphike sensor, BLE link (C99, portable): the board-independent part of a
 * Nordic UART Service peripheral, shared by the BLE builds of the firmware
 * and tested on the desktop (tests/test_ble.c, host/ble_notifications.c).
 *
 * - A send queue of wire bytes: hh_device's frames go in whole or not at all
 *   (a frame that does not fit is refused and counted, so the host sees a seq
 *   gap, never half a frame).
 * - Notifications cut from the queue, each as long as the negotiated ATT MTU
 *   allows (ATT MTU - 3 bytes, at most HH_BLE_MAX_NOTIFY_BYTES). A frame may
 *   span notifications and a notification may hold the end of one frame and
 *   the start of the next: the host reassembles at the 0x00 delimiters
 *   (PROTOCOL.md 2.1). A notification the stack cannot take now (no buffer)
 *   stays at the head of the queue and is tried again: bytes are never lost
 *   from the middle of the stream.
 * - The connection state machine: ADVERTISING -> CONNECTED (notifications
 *   off) -> STREAMING (the host enabled notifications on TX) -> and back to
 *   ADVERTISING on a disconnect, with advertising restarted (and retried
 *   every HH_BLE_ADVERTISE_RETRY_MS while the stack refuses).
 *
 * Not thread-safe: call everything from one task (the Arduino loop). A BLE
 * stack whose callbacks run on another task hands its events over first
 * (see firmware/hiphike_sensor/transport_ble_nimble.cpp). No allocation, no
 * I/O; times in milliseconds of the board's clock (wrapping u32).
 */
#ifndef HIPHIKE_BLE_H
#define HIPHIKE_BLE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ATT MTU before any exchange (Bluetooth Core, Vol 3 Part F 3.2.8): 23 bytes. */
#define HH_BLE_DEFAULT_ATT_MTU 23u
/* A notification's ATT header: opcode (1) + attribute handle (2). */
#define HH_BLE_ATT_HEADER_BYTES 3u
/* Largest notification sent: ATT MTU 247, the MTU whose notification fills
 * one LE data packet of 251 bytes with data length extension (251 - 4 L2CAP
 * header - 3 ATT header = 244). hiphike's BleLink takes up to 512. */
#define HH_BLE_MAX_NOTIFY_BYTES 244u
/* Largest ATT MTU a peer may announce (512-byte value + 5). */
#define HH_BLE_MAX_ATT_MTU 517u
/* Send queue: 4 of the largest wire frames (HH_MAX_WIRE = 259 bytes); at the
 * BLE default of 4 samples a message (121 bytes, 25 a second at 100 Hz) that
 * is 0.33 s of data the stack may fall behind before frames are refused. */
#define HH_BLE_QUEUE_BYTES 1036u
/* How long to wait before trying to start advertising again after the stack
 * refused it. */
#define HH_BLE_ADVERTISE_RETRY_MS 1000u

typedef enum {
    HH_BLE_ADVERTISING = 0, /* no central: advertising (or due to start it) */
    HH_BLE_CONNECTED = 1,   /* a central is connected, TX notifications off */
    HH_BLE_STREAMING = 2    /* TX notifications on: frames are sent */
} hh_ble_state;

typedef struct {
    uint32_t notifications;     /* notifications the stack accepted */
    uint32_t bytes_sent;        /* wire bytes in them */
    uint32_t notify_busy;       /* times the stack had no buffer (retried later) */
    uint32_t frames_queued;
    uint32_t frames_refused;    /* queue full or not streaming: the frame is lost */
    uint32_t connections;
    uint32_t disconnections;
    uint32_t advertise_failures;
} hh_ble_stats;

typedef struct {
    hh_ble_state state;
    uint16_t att_mtu;            /* negotiated ATT MTU of the connection */
    uint16_t max_notify_bytes;   /* the board's cap (<= HH_BLE_MAX_NOTIFY_BYTES) */
    uint8_t advertise_pending;   /* advertising must be (re)started */
    uint32_t advertise_at_ms;    /* not before this time */
    uint8_t queue[HH_BLE_QUEUE_BYTES];
    size_t queue_head;           /* index of the oldest byte */
    size_t queue_count;
    hh_ble_stats stats;
} hh_ble_link;

/* The stack's notification function: sends bytes[0..length) as one
 * notification on TX. Returns 1 when the stack took it, 0 when it has no
 * buffer now (the same bytes are offered again later). */
typedef int (*hh_ble_notify_fn)(void *context, const uint8_t *bytes, size_t length);

/* Starts in ADVERTISING with advertising due now. max_notify_bytes caps the
 * notification size whatever the MTU (0 or more than
 * HH_BLE_MAX_NOTIFY_BYTES: HH_BLE_MAX_NOTIFY_BYTES). */
void hh_ble_init(hh_ble_link *link, uint16_t max_notify_bytes);

/* ---- events from the BLE stack */

/* A central connected: CONNECTED, ATT MTU back to 23, empty queue. */
void hh_ble_on_connected(hh_ble_link *link);
/* The ATT MTU exchange finished (values below 23 are taken as 23). */
void hh_ble_on_mtu(hh_ble_link *link, uint16_t att_mtu);
/* The central wrote TX's CCCD. Returns 1 when this starts streaming: the
 * board then greets the host (hh_device_connected: idle 0x00 + HELLO).
 * Notifications switched off empty the queue. Ignored while ADVERTISING. */
int hh_ble_on_subscribed(hh_ble_link *link, int notifications_on);
/* The central went away (or out of range): ADVERTISING, empty queue,
 * advertising due at now_ms. */
void hh_ble_on_disconnected(hh_ble_link *link, uint32_t now_ms);

/* ---- advertising */

/* Whether the board should start advertising now. */
int hh_ble_advertise_due(const hh_ble_link *link, uint32_t now_ms);
/* What starting advertising gave: ok, or refused (tried again after
 * HH_BLE_ADVERTISE_RETRY_MS). */
void hh_ble_advertise_result(hh_ble_link *link, int ok, uint32_t now_ms);

/* ---- sending */

int hh_ble_streaming(const hh_ble_link *link);
/* Bytes per notification now: min(ATT MTU - 3, the cap). */
size_t hh_ble_notify_bytes(const hh_ble_link *link);
/* Queues one frame's wire bytes, whole: 1, or 0 (not streaming, or no room:
 * counted in frames_refused). Fits hh_device_platform.write. */
int hh_ble_queue_frame(hh_ble_link *link, const uint8_t *bytes, size_t length);
/* Sends up to max_notifications notifications from the queue (fewer when it
 * empties or the stack is busy). Returns the number the stack took. */
unsigned hh_ble_pump(hh_ble_link *link, hh_ble_notify_fn notify, void *context, unsigned max_notifications);
size_t hh_ble_queued_bytes(const hh_ble_link *link);

#ifdef __cplusplus
}
#endif

#endif /* HIPHIKE_BLE_H */
