/* Minimal stand-in for the Arduino core, only to type-check the firmware
 * sketch on the desktop (make firmware-syntax). Not a simulation: nothing
 * here runs. Signatures follow the Arduino API as the sketch uses it. */
#ifndef HIPHIKE_ARDUINO_STUB_H
#define HIPHIKE_ARDUINO_STUB_H
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#define OUTPUT 1
#define LOW 0
#define HIGH 1
#define LED_BUILTIN 13
unsigned long millis(void);
unsigned long micros(void);
void delay(unsigned long ms);
void pinMode(int pin, int mode);
void digitalWrite(int pin, int value);
uint32_t analogReadMilliVolts(int pin);
class StubSerial {
public:
    void begin(unsigned long baud);
    size_t setTxBufferSize(size_t size);
    int availableForWrite();
    size_t write(const uint8_t *bytes, size_t length);
    int available();
    int read();
    explicit operator bool() const;
};
extern StubSerial Serial;
class StubEsp {
public:
    uint64_t getEfuseMac();
};
extern StubEsp ESP;
#endif
