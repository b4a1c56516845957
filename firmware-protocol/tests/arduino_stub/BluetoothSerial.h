#include "Arduino.h"
class BluetoothSerial {
public:
    bool begin(const char *name);
    bool hasClient();
    size_t write(const uint8_t *bytes, size_t length);
    int available();
    int read();
};
