#!/usr/bin/env python3
"""Independent check of the test vectors: a second decoder, written from
PROTOCOL.md alone (no code shared with hiphike_protocol.c), decodes every
vectors/NAME.hex and compares the result with vectors/NAME.json. It also
checks that the complete wire frames quoted in PROTOCOL.md section 10 are
the vectors' bytes, so the worked examples cannot drift from the code.

    python3 tools/check_vectors.py [VECTOR_DIR]

Standard library only. `make test` runs it when python3 is installed.
"""
import json
import math
import pathlib
import re
import struct
import sys

NAMES = {1: "HELLO", 2: "IMU", 3: "STATUS", 0x40: "START_STREAMING", 0x41: "STOP_STREAMING",
         0x42: "SET_RATE", 0x43: "IDENTIFY", 0x44: "TIME_SYNC", 0x45: "GET_INFO", 0x46: "GET_STATUS"}


def crc16_ccitt_false(data):
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc


def cobs_decode(piece):
    out, i = bytearray(), 0
    while i < len(piece):
        code = piece[i]
        i += 1
        if code == 0 or i + code - 1 > len(piece):
            raise ValueError("cobs_error")
        out += piece[i:i + code - 1]
        i += code - 1
        if code != 0xFF and i < len(piece):
            out.append(0)
    return bytes(out)


def text(raw):
    return raw.split(b"\0", 1)[0].decode("ascii")


def f32(raw, offset):
    return struct.unpack_from("<f", raw, offset)[0]


def decode_fields(msg_id, p):
    """Returns the fields dict, or raises KeyError (unknown id) / ValueError (bad length)."""
    def need(n):
        if len(p) < n:
            raise ValueError("bad_length")
    if msg_id == 1:
        need(75)
        u = struct.unpack_from("<6BQ5fB", p, 0)
        return {"protocol_major": u[0], "protocol_minor": u[1], "firmware_major": u[2], "firmware_minor": u[3],
                "firmware_patch": u[4], "capabilities": u[5], "device_id": "%016x" % u[6],
                "sample_rate_hz": u[7], "acc_range_g": u[8], "acc_scale_g_per_lsb": u[9], "gyr_range_dps": u[10],
                "gyr_scale_dps_per_lsb": u[11], "samples_per_message": u[12], "axis_alignment": text(p[35:43]),
                "sensor_model": text(p[43:59]), "board": text(p[59:75])}
    if msg_id == 2:
        need(2)
        count, flags = p[0], p[1]
        mag = flags & 1
        stride, limit = (40, 6) if mag else (28, 8)
        if flags & 0xFE or not 1 <= count <= limit:
            raise ValueError("bad_length")
        need(2 + count * stride)
        samples = []
        for k in range(count):
            o = 2 + k * stride
            values = [f32(p, o + 4 + 4 * j) for j in range(9 if mag else 6)]
            if not all(math.isfinite(v) for v in values):
                raise ValueError("bad_length")
            s = {"timestamp_us": struct.unpack_from("<I", p, o)[0], "acc_g": values[0:3], "gyr_dps": values[3:6]}
            if mag:
                s["mag_ut"] = values[6:9]
            samples.append(s)
        return {"count": count, "flags": flags, "samples": samples}
    if msg_id == 3:
        need(19)
        u = struct.unpack_from("<IIfHhBBB", p, 0)
        return dict(zip(["timestamp_us", "samples_dropped", "sample_rate_hz", "battery_mv", "temperature_cdeg_c",
                         "battery_percent", "streaming", "flags"], u))
    if msg_id in (0x40, 0x41, 0x45, 0x46):
        return {}
    if msg_id == 0x42:
        need(5)
        return {"sample_rate_hz": f32(p, 0), "samples_per_message": p[4]}
    if msg_id == 0x43:
        need(2)
        return {"duration_ms": struct.unpack_from("<H", p, 0)[0]}
    if msg_id == 0x44:
        need(4)
        return {"host_token": struct.unpack_from("<I", p, 0)[0]}
    if msg_id >= 0xC0:
        need(3)
        command = msg_id & 0x7F
        fields = {"command_id": command, "status": p[0], "command_seq": struct.unpack_from("<H", p, 1)[0]}
        if p[0] == 0 and command == 0x42:
            need(8)
            fields.update(sample_rate_hz=f32(p, 3), samples_per_message=p[7])
        elif p[0] == 0 and command == 0x44:
            need(11)
            token, stamp = struct.unpack_from("<II", p, 3)
            fields.update(host_token=token, device_timestamp_us=stamp)
        return fields
    raise KeyError("unknown_id")


def decode_stream(wire):
    events, times = [], []
    stats = dict.fromkeys(["frames", "cobs_errors", "too_long", "too_short", "crc_errors", "truncated",
                           "unknown_ids", "bad_length", "lost_frames"], 0)
    expected, previous, time64 = None, None, None
    pieces = wire.split(b"\0")
    tail = pieces.pop()  # bytes after the last delimiter
    for piece in pieces:
        if not piece:
            continue
        if len(piece) > 258:
            events.append({"type": "error", "error": "too_long"})
            stats["too_long"] += 1
            continue
        try:
            frame = cobs_decode(piece)
        except ValueError:
            events.append({"type": "error", "error": "cobs_error"})
            stats["cobs_errors"] += 1
            continue
        if len(frame) > 256:
            events.append({"type": "error", "error": "too_long"})
            stats["too_long"] += 1
            continue
        if len(frame) < 5:
            events.append({"type": "error", "error": "too_short"})
            stats["too_short"] += 1
            continue
        if crc16_ccitt_false(frame[:-2]) != struct.unpack_from("<H", frame, len(frame) - 2)[0]:
            events.append({"type": "error", "error": "crc_mismatch"})
            stats["crc_errors"] += 1
            continue
        msg_id, seq = frame[0], struct.unpack_from("<H", frame, 1)[0]
        lost = 0 if expected is None or msg_id == 1 or seq == expected else (seq - expected) % 65536
        expected = (seq + 1) % 65536
        stats["frames"] += 1
        stats["lost_frames"] += lost
        payload = frame[3:-2]
        event = {"type": "frame", "id": msg_id, "name": NAMES.get(msg_id, "REPLY" if msg_id >= 0xC0 else "UNKNOWN"),
                 "seq": seq, "lost_before": lost, "payload_hex": payload.hex()}
        try:
            event["fields"] = decode_fields(msg_id, payload)
        except KeyError:
            event["error"] = "unknown_id"
            stats["unknown_ids"] += 1
        except ValueError:
            event["error"] = "bad_length"
            stats["bad_length"] += 1
        events.append(event)
        if msg_id == 2 and "fields" in event:
            for s in event["fields"]["samples"]:
                ts = s["timestamp_us"]
                if time64 is None:
                    time64 = ts
                else:
                    delta = (ts - previous) % 2 ** 32
                    time64 += delta if delta < 2 ** 31 else delta - 2 ** 32
                previous = ts
                times.append(time64)
    if tail:
        events.append({"type": "error", "error": "truncated"})
        stats["truncated"] += 1
    return events, times, stats


def same(expected, actual):
    """Equal, with floats compared as float32 (the JSON has 9 significant digits)."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and expected.keys() == actual.keys() and all(
            same(expected[k], actual[k]) for k in expected)
    if isinstance(expected, list):
        return isinstance(actual, list) and len(expected) == len(actual) and all(
            same(e, a) for e, a in zip(expected, actual))
    if isinstance(expected, float) or isinstance(actual, float):
        pack = lambda v: struct.pack("<f", float(v))
        return pack(expected) == pack(actual)
    return expected == actual


def check_protocol_examples(protocol_md, vector_dir):
    """Every complete wire line (ending with the 00 delimiter, no '...') in the
    code blocks of PROTOCOL.md section 10 must occur in some vector."""
    text = protocol_md.read_text()
    section = text[text.index("## 10. "):text.index("## 11. ")]
    wire = " ".join(" ".join(p.read_text().split()) for p in sorted(vector_dir.glob("*.hex")))
    missing, checked = [], 0
    for block in re.findall(r"```\n(.*?)```", section, re.S):
        for line in block.splitlines():
            line = re.sub(r"^\s*(wire|command|reply)[^:]*:", "", line)
            line = re.split(r"\s{3,}|\(", line.replace(" | ", " ").strip())[0]
            tokens = line.split()
            if len(tokens) < 6 or tokens[-1] != "00" or not all(re.fullmatch(r"[0-9a-f]{2}", t) for t in tokens):
                continue
            checked += 1
            if " ".join(tokens) not in wire:
                missing.append(" ".join(tokens))
    for line in missing:
        print("check_vectors: PROTOCOL.md example not in any vector: %s" % line[:80], file=sys.stderr)
    return checked, len(missing)


def main():
    directory = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent.parent / "vectors")
    failures = 0
    vectors = sorted(directory.glob("*.hex"))
    for hex_path in vectors:
        wire = bytes.fromhex("".join(hex_path.read_text().split()))
        expected = json.loads(hex_path.with_suffix(".json").read_text())
        events, times, stats = decode_stream(wire)
        for key, actual in (("events", events), ("imu_time_us", times), ("stats", stats)):
            if not same(expected[key], actual):
                failures += 1
                print("check_vectors: %s: %s differ" % (hex_path.name, key), file=sys.stderr)
    protocol_md = directory.parent / "PROTOCOL.md"
    examples = 0
    if protocol_md.exists():
        examples, bad = check_protocol_examples(protocol_md, directory)
        failures += bad
    print("check_vectors: %d vectors, independent Python decoder; %d wire examples of PROTOCOL.md found in them; "
          "%d failures" % (len(vectors), examples, failures))
    return 1 if failures or not vectors else 0


if __name__ == "__main__":
    sys.exit(main())
