#include "Arduino.h"
enum { BLEWrite = 1 << 3, BLEWriteWithoutResponse = 1 << 2, BLENotify = 1 << 4 };
enum BLECharacteristicEvent { BLEWritten = 2 };
class BLEDevice {};
class BLECharacteristic;
typedef void (*BLECharacteristicEventHandler)(BLEDevice device, BLECharacteristic characteristic);
class BLECharacteristic {
public:
    BLECharacteristic(const char *uuid, unsigned char properties, int value_size);
    const uint8_t *value() const;
    int valueLength() const;
    int writeValue(const uint8_t *value, int length);
    int subscribed();
    void setEventHandler(int event, BLECharacteristicEventHandler handler);
};
class BLEService {
public:
    explicit BLEService(const char *uuid);
    void addCharacteristic(BLECharacteristic &characteristic);
};
class BLELocalDevice {
public:
    int begin();
    bool setLocalName(const char *name);
    void setDeviceName(const char *name);
    bool setAdvertisedService(const BLEService &service);
    void addService(BLEService &service);
    int advertise();
    void poll();
    bool connected();
};
extern BLELocalDevice BLE;
