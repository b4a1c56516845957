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
#if defined(ARDUINO_ARCH_MBED)
/* ArduinoCore-API (Mbed cores): enums, no implicit conversion from int. */
typedef enum { LOW = 0, HIGH = 1 } PinStatus;
typedef enum { INPUT = 0, OUTPUT = 1 } PinMode;
void pinMode(int pin, PinMode mode);
void digitalWrite(int pin, PinStatus value);
#else
#define OUTPUT 1
#define LOW 0
#define HIGH 1
void pinMode(uint8_t pin, uint8_t mode);
void digitalWrite(uint8_t pin, uint8_t value);
#endif
#define LED_BUILTIN 13
#if defined(ARDUINO_ARCH_ESP32)
/* the ESP32 core's variant pins (DevKitC values) */
static const uint8_t SDA = 21;
static const uint8_t SCL = 22;
#endif
unsigned long millis(void);
unsigned long micros(void);
void delay(unsigned long ms);
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
