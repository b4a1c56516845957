/* hiphike sensor, BLE link: see hiphike_ble.h and PROTOCOL.md section 2.1. */
#include "hiphike_ble.h"

static void clear_queue(hh_ble_link *link)
{
    link->queue_head = 0;
    link->queue_count = 0;
}

void hh_ble_init(hh_ble_link *link, uint16_t max_notify_bytes)
{
    hh_ble_stats zero = {0, 0, 0, 0, 0, 0, 0, 0};
    link->state = HH_BLE_ADVERTISING;
    link->att_mtu = HH_BLE_DEFAULT_ATT_MTU;
    if (max_notify_bytes == 0 || max_notify_bytes > HH_BLE_MAX_NOTIFY_BYTES)
        max_notify_bytes = HH_BLE_MAX_NOTIFY_BYTES;
    link->max_notify_bytes = max_notify_bytes;
    link->advertise_pending = 1;
    link->advertise_at_ms = 0;
    link->stats = zero;
    clear_queue(link);
}

void hh_ble_on_connected(hh_ble_link *link)
{
    link->state = HH_BLE_CONNECTED;
    link->att_mtu = HH_BLE_DEFAULT_ATT_MTU;
    link->advertise_pending = 0; /* the stack stops advertising on a connection */
    link->stats.connections++;
    clear_queue(link);
}

void hh_ble_on_mtu(hh_ble_link *link, uint16_t att_mtu)
{
    if (att_mtu < HH_BLE_DEFAULT_ATT_MTU)
        att_mtu = HH_BLE_DEFAULT_ATT_MTU;
    if (att_mtu > HH_BLE_MAX_ATT_MTU)
        att_mtu = HH_BLE_MAX_ATT_MTU;
    link->att_mtu = att_mtu;
}

int hh_ble_on_subscribed(hh_ble_link *link, int notifications_on)
{
    if (link->state == HH_BLE_ADVERTISING)
        return 0;
    if (notifications_on) {
        if (link->state == HH_BLE_STREAMING)
            return 0;
        link->state = HH_BLE_STREAMING;
        clear_queue(link);
        return 1;
    }
    link->state = HH_BLE_CONNECTED;
    clear_queue(link);
    return 0;
}

void hh_ble_on_disconnected(hh_ble_link *link, uint32_t now_ms)
{
    if (link->state != HH_BLE_ADVERTISING)
        link->stats.disconnections++;
    link->state = HH_BLE_ADVERTISING;
    link->att_mtu = HH_BLE_DEFAULT_ATT_MTU;
    link->advertise_pending = 1;
    link->advertise_at_ms = now_ms;
    clear_queue(link);
}

int hh_ble_advertise_due(const hh_ble_link *link, uint32_t now_ms)
{
    /* signed difference: correct across the u32 wrap of the millisecond clock */
    return link->state == HH_BLE_ADVERTISING && link->advertise_pending
        && (int32_t)(now_ms - link->advertise_at_ms) >= 0;
}

void hh_ble_advertise_result(hh_ble_link *link, int ok, uint32_t now_ms)
{
    if (ok) {
        link->advertise_pending = 0;
        return;
    }
    link->stats.advertise_failures++;
    link->advertise_pending = 1;
    link->advertise_at_ms = now_ms + HH_BLE_ADVERTISE_RETRY_MS;
}

int hh_ble_streaming(const hh_ble_link *link)
{
    return link->state == HH_BLE_STREAMING;
}

size_t hh_ble_notify_bytes(const hh_ble_link *link)
{
    size_t n = (size_t)link->att_mtu - HH_BLE_ATT_HEADER_BYTES;
    return n < link->max_notify_bytes ? n : link->max_notify_bytes;
}

size_t hh_ble_queued_bytes(const hh_ble_link *link)
{
    return link->queue_count;
}

int hh_ble_queue_frame(hh_ble_link *link, const uint8_t *bytes, size_t length)
{
    size_t i, tail;
    if (link->state != HH_BLE_STREAMING || length > HH_BLE_QUEUE_BYTES - link->queue_count) {
        link->stats.frames_refused++;
        return 0;
    }
    tail = (link->queue_head + link->queue_count) % HH_BLE_QUEUE_BYTES;
    for (i = 0; i < length; i++) {
        link->queue[tail] = bytes[i];
        tail = tail + 1 == HH_BLE_QUEUE_BYTES ? 0 : tail + 1;
    }
    link->queue_count += length;
    link->stats.frames_queued++;
    return 1;
}

unsigned hh_ble_pump(hh_ble_link *link, hh_ble_notify_fn notify, void *context, unsigned max_notifications)
{
    uint8_t chunk[HH_BLE_MAX_NOTIFY_BYTES];
    unsigned sent = 0;
    while (sent < max_notifications && link->state == HH_BLE_STREAMING && link->queue_count > 0) {
        size_t n = hh_ble_notify_bytes(link), i, at = link->queue_head;
        if (n > link->queue_count)
            n = link->queue_count;
        for (i = 0; i < n; i++) {
            chunk[i] = link->queue[at];
            at = at + 1 == HH_BLE_QUEUE_BYTES ? 0 : at + 1;
        }
        if (!notify(context, chunk, n)) {
            link->stats.notify_busy++;
            break; /* the same bytes go first next time */
        }
        link->queue_head = at;
        link->queue_count -= n;
        link->stats.notifications++;
        link->stats.bytes_sent += (uint32_t)n;
        sent++;
    }
    return sent;
}
