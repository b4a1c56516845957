#!/usr/bin/python3
"""A BlueZ stand-in for hiphike's BLE tests: a private D-Bus daemon, python-dbusmock's bluez5 template on it,
and GATT services and characteristics added as mock objects (the template has none).

Prints "ready <bus address>", then reads one command a line on stdin and answers "ok ..." or "err ...":
  device ADDR NAME KIND       add a device (KIND: witmotion, nus, none) with its GATT objects; RSSI -60
  push ADDR FILE              emit PropertiesChanged(Value) on the device's notify characteristic, one line of hex a packet
  first ADDR HEX              the next StartNotify emits this packet before it returns
  away ADDR                   out of range: Connected false, notifications stop, Connect fails until "back"
  back ADDR                   in range again: Connect succeeds
  remove ADDR                 BlueZ drops the device (InterfacesRemoved), as after a long time out of range
  waitnotify ADDR SECONDS     wait until the host has called StartNotify (Notifying true)
  writes ADDR                 the host's writes to NUS RX so far, hex, comma separated
  removeadapter               the machine has no Bluetooth adapter any more
Ends (and stops the bus and the mock) at the end of stdin.
"""
import os
import subprocess
import sys
import tempfile
import time

import dbus

WIT = ('0000ffe5-0000-1000-8000-00805f9a34fb', '0000ffe4-0000-1000-8000-00805f9a34fb', '0000ffe9-0000-1000-8000-00805f9a34fb')
NUS = ('6e400001-b5a3-f393-e0a9-e50e24dcca9e', '6e400003-b5a3-f393-e0a9-e50e24dcca9e', '6e400002-b5a3-f393-e0a9-e50e24dcca9e')
MOCK = 'org.freedesktop.DBus.Mock'
DEV = 'org.bluez.Device1'
CHR = 'org.bluez.GattCharacteristic1'
FIX = 'org.hiphike.Fixture'

CONNECT = '''
if getattr(self, 'away', False):
    raise dbus.exceptions.DBusException('le-connection-abort-by-local', name='org.bluez.Error.Failed')
self.UpdateProperties('org.bluez.Device1', {'Connected': dbus.Boolean(True), 'ServicesResolved': dbus.Boolean(True)})
'''
DISCONNECT = "self.UpdateProperties('org.bluez.Device1', {'Connected': dbus.Boolean(False), 'ServicesResolved': dbus.Boolean(False)})"
# A notification may follow StartNotify at once: a packet set with "first" is sent before StartNotify returns, so a
# host that registers its signal handler after StartNotify misses it.
START_NOTIFY = """
self.UpdateProperties('org.bluez.GattCharacteristic1', {'Notifying': dbus.Boolean(True)})
first = getattr(self, 'first', None)
if first:
    self.first = None
    self.UpdateProperties('org.bluez.GattCharacteristic1', {'Value': dbus.Array(first, signature='y')})
"""
STOP_NOTIFY = "self.UpdateProperties('org.bluez.GattCharacteristic1', {'Notifying': dbus.Boolean(False)})"
PUSH = '''
ret = 0
with open(args[0]) as f:
    for line in f:
        line = line.strip()
        if line:
            self.UpdateProperties('org.bluez.GattCharacteristic1', {'Value': dbus.Array(bytes.fromhex(line), signature='y')})
            ret += 1
'''
WRITE = "self.writes = getattr(self, 'writes', []) + [bytes(args[0]).hex()]"


def main():
    folder = tempfile.mkdtemp(prefix='hiphike-bluez-')
    daemon = subprocess.Popen(['dbus-daemon', '--session', '--nofork', '--print-address',
                               '--address=unix:path=' + os.path.join(folder, 'bus')],
                              stdout=subprocess.PIPE, text=True)
    address = daemon.stdout.readline().strip()
    env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=address)
    mock = subprocess.Popen([sys.executable, '-m', 'dbusmock', '--system', '-t', 'bluez5'], env=env,
                            stdout=subprocess.DEVNULL)
    try:
        bus = dbus.bus.BusConnection(address)
        deadline = time.time() + 20
        while not bus.name_has_owner('org.bluez'):
            if time.time() > deadline or mock.poll() is not None:
                print('err the bluez5 mock did not start', flush=True)
                return 1
            time.sleep(0.05)
        root = dbus.Interface(bus.get_object('org.bluez', '/'), 'org.bluez.Mock')
        root.AddAdapter('hci0', 'hiphike-test')
        print('ready ' + address, flush=True)
        for line in sys.stdin:
            parts = line.split()
            if not parts:
                continue
            try:
                print('ok ' + command(bus, root, parts), flush=True)
            except Exception as e:  # the test reads the reason
                print('err ' + str(e).replace('\n', ' '), flush=True)
    finally:
        mock.terminate()
        daemon.terminate()
        mock.wait()
        daemon.wait()
    return 0


def dev_path(addr):
    return '/org/bluez/hci0/dev_' + addr.replace(':', '_').upper()


def obj(bus, path, iface=MOCK):
    return dbus.Interface(bus.get_object('org.bluez', path), iface)


kinds = {}


def add_device(bus, root, addr, name, kind):
    path = root.AddDevice('hci0', addr, name)
    dev = obj(bus, path)
    dev.AddMethod(DEV, 'Connect', '', '', CONNECT)
    dev.AddMethod(DEV, 'Disconnect', '', '', DISCONNECT)
    dev.AddMethod(FIX, 'SetAway', 'b', '', 'self.away = bool(args[0])')
    dev.UpdateProperties(DEV, {'RSSI': dbus.Int16(-60)})
    kinds[addr] = kind
    uuids = {'witmotion': WIT, 'nus': NUS}.get(kind)
    if uuids is None:
        return path
    service, notify, write = uuids
    svc = path + '/service0010'
    dev.AddObject(svc, 'org.bluez.GattService1',
                  {'UUID': dbus.String(service), 'Device': dbus.ObjectPath(path), 'Primary': dbus.Boolean(True)}, [])
    for char, uuid, flags in ((svc + '/char0011', notify, ['notify']), (svc + '/char0014', write, ['write', 'write-without-response'])):
        dev.AddObject(char, CHR, {
            'UUID': dbus.String(uuid), 'Service': dbus.ObjectPath(svc),
            'Value': dbus.Array([], signature='y'), 'Notifying': dbus.Boolean(False),
            'Flags': dbus.Array(flags, signature='s')}, [
            ('StartNotify', '', '', START_NOTIFY), ('StopNotify', '', '', STOP_NOTIFY),
            ('ReadValue', 'a{sv}', 'ay', "ret = self.Get('org.bluez.GattCharacteristic1', 'Value')"),
            ('WriteValue', 'aya{sv}', '', WRITE)])
        obj(bus, char).AddMethod(FIX, 'SetFirst', 'ay', '', "self.first = bytes(args[0])")
        obj(bus, char).AddMethod(FIX, 'Push', 's', 'i', PUSH)
        obj(bus, char).AddMethod(FIX, 'GetWrites', '', 'as', "ret = getattr(self, 'writes', [])")
    # the advertised service, as a real device's UUIDs after discovery
    dev.UpdateProperties(DEV, {'UUIDs': dbus.Array([service], signature='s')})
    return path


def remove_device(bus, root, addr):
    path = dev_path(addr)
    children = [p for p in obj(bus, '/', 'org.freedesktop.DBus.ObjectManager').GetManagedObjects() if p.startswith(path + '/')]
    for c in sorted(children, reverse=True):
        obj(bus, '/').RemoveObject(c)
    obj(bus, '/org/bluez/hci0', 'org.bluez.Adapter1').RemoveDevice(dbus.ObjectPath(path))
    return path


def command(bus, root, parts):
    op = parts[0]
    if op == 'removeadapter':
        root.RemoveAdapter('hci0')
        return 'hci0'
    if op == 'device':
        return add_device(bus, root, parts[1], parts[2], parts[3])
    addr = parts[1]
    path = dev_path(addr)
    notify = path + '/service0010/char0011'
    if op == 'push':
        # the mock emits them itself, one PropertiesChanged a packet, without a round trip for each
        return str(obj(bus, notify).Push(parts[2], dbus_interface=FIX, timeout=300))
    if op == 'first':
        obj(bus, notify).SetFirst(dbus.Array(bytes.fromhex(parts[2]), signature='y'), dbus_interface=FIX)
        return notify
    if op == 'away':
        dev = obj(bus, path)
        dev.SetAway(True, dbus_interface=FIX)
        dev.UpdateProperties(DEV, {'Connected': dbus.Boolean(False), 'ServicesResolved': dbus.Boolean(False)})
        obj(bus, notify).UpdateProperties(CHR, {'Notifying': dbus.Boolean(False)})
        return path
    if op == 'back':
        obj(bus, path).SetAway(False, dbus_interface=FIX)
        return path
    if op == 'remove':
        return remove_device(bus, root, addr)
    if op == 'waitnotify':
        deadline = time.time() + float(parts[2])
        props = obj(bus, notify, 'org.freedesktop.DBus.Properties')
        while not props.Get(CHR, 'Notifying'):
            if time.time() > deadline:
                raise RuntimeError('no StartNotify in ' + parts[2] + ' s')
            time.sleep(0.02)
        return 'notifying'
    if op == 'writes':
        try:
            return ','.join(obj(bus, path + '/service0010/char0014').GetWrites(dbus_interface=FIX)) or '-'
        except dbus.exceptions.DBusException:
            return '-'
    raise RuntimeError('unknown command ' + op)


if __name__ == '__main__':
    sys.exit(main())
