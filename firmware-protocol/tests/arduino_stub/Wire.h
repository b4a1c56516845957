#include "Arduino.h"
class TwoWire {
public:
    bool begin(int sda, int scl, uint32_t frequency);
    void beginTransmission(uint8_t address);
    size_t write(uint8_t value);
    uint8_t endTransmission(bool stop = true);
    uint8_t requestFrom(uint8_t address, uint8_t length);
    int read();
};
extern TwoWire Wire;
