/* Declarations of the NimBLE-Arduino 2.x API as transport_ble_nimble.cpp uses
 * it, written after that library's 2.3 headers (NimBLEDevice.h, NimBLEServer.h,
 * NimBLECharacteristic.h, NimBLEAdvertising.h, NimBLEAdvertisementData.h,
 * NimBLEConnInfo.h, NimBLEAttValue.h), only to type-check the sketch on the
 * desktop (make firmware-syntax). Nothing here runs; a call the sketch makes
 * that 2.x does not have, or with other types, fails here only as far as these
 * declarations are faithful. */
#ifndef HIPHIKE_NIMBLE_STUB_H
#define HIPHIKE_NIMBLE_STUB_H
#include <stddef.h>
#include <stdint.h>
#include <string>

#define BLE_HS_CONN_HANDLE_NONE 0xffff
#define BLE_HS_ADV_F_DISC_GEN 0x02
#define BLE_HS_ADV_F_BREDR_UNSUP 0x04
#define BLE_ATT_ATTR_MAX_LEN 512
#define BLE_ERR_REM_USER_CONN_TERM 0x13

typedef enum {
    READ = 0x0002,
    WRITE_NR = 0x0004,
    WRITE = 0x0008,
    NOTIFY = 0x0010,
    INDICATE = 0x0020
} NIMBLE_PROPERTY;

class NimBLEUUID {
public:
    NimBLEUUID(const char *uuid);
};

class NimBLEConnInfo {
public:
    uint16_t getConnHandle() const;
    uint16_t getMTU() const;
};

class NimBLEAttValue {
public:
    const uint8_t *data() const;
    uint16_t size() const;
    uint16_t length() const;
};

class NimBLECharacteristic;
class NimBLECharacteristicCallbacks {
public:
    virtual ~NimBLECharacteristicCallbacks() {}
    virtual void onRead(NimBLECharacteristic *pCharacteristic, NimBLEConnInfo &connInfo);
    virtual void onWrite(NimBLECharacteristic *pCharacteristic, NimBLEConnInfo &connInfo);
    virtual void onSubscribe(NimBLECharacteristic *pCharacteristic, NimBLEConnInfo &connInfo, uint16_t subValue);
};

class NimBLECharacteristic {
public:
    void setCallbacks(NimBLECharacteristicCallbacks *pCallbacks);
    bool notify(const uint8_t *value, size_t length, uint16_t connHandle = BLE_HS_CONN_HANDLE_NONE) const;
    NimBLEAttValue getValue();
};

class NimBLEService {
public:
    NimBLECharacteristic *createCharacteristic(const char *uuid, uint32_t properties = NIMBLE_PROPERTY::READ | NIMBLE_PROPERTY::WRITE,
                                               uint16_t max_len = BLE_ATT_ATTR_MAX_LEN);
    bool start();
};

class NimBLEServer;
class NimBLEServerCallbacks {
public:
    virtual ~NimBLEServerCallbacks() {}
    virtual void onConnect(NimBLEServer *pServer, NimBLEConnInfo &connInfo);
    virtual void onDisconnect(NimBLEServer *pServer, NimBLEConnInfo &connInfo, int reason);
    virtual void onMTUChange(uint16_t MTU, NimBLEConnInfo &connInfo);
};

class NimBLEServer {
public:
    NimBLEService *createService(const char *uuid);
    void setCallbacks(NimBLEServerCallbacks *pCallbacks, bool deleteCallbacks = true);
    void advertiseOnDisconnect(bool enable);
    void start();
    bool updateConnParams(uint16_t connHandle, uint16_t minInterval, uint16_t maxInterval, uint16_t latency,
                          uint16_t timeout) const;
};

class NimBLEAdvertisementData {
public:
    bool setFlags(uint8_t flag);
    bool setCompleteServices(const NimBLEUUID &uuid);
    bool setName(const std::string &name, bool isComplete = true);
};

class NimBLEAddress;
class NimBLEAdvertising {
public:
    bool start(uint32_t duration = 0, const NimBLEAddress *dirAddr = nullptr);
    void enableScanResponse(bool enable);
    bool setAdvertisementData(const NimBLEAdvertisementData &advertisementData);
    bool setScanResponseData(const NimBLEAdvertisementData &advertisementData);
};

class NimBLEDevice {
public:
    static bool init(const std::string &deviceName);
    static bool setMTU(uint16_t mtu);
    static NimBLEServer *createServer();
    static NimBLEAdvertising *getAdvertising();
};
#endif
