/* Bus layer: I2C register access with Arduino Wire. */
#include "config.h"

#if HIPHIKE_BOARD_IS_ESP32

#include <Arduino.h>
#include <Wire.h>

#include "i2c_bus.h"

bool i2c_begin(int sda_pin, int scl_pin, uint32_t clock_hz)
{
    return Wire.begin(sda_pin, scl_pin, clock_hz);
}

bool i2c_write_register(uint8_t address, uint8_t reg, uint8_t value)
{
    Wire.beginTransmission(address);
    Wire.write(reg);
    Wire.write(value);
    return Wire.endTransmission() == 0;
}

bool i2c_read_registers(uint8_t address, uint8_t reg, uint8_t *data, size_t length)
{
    size_t i;
    Wire.beginTransmission(address);
    Wire.write(reg);
    if (Wire.endTransmission(false) != 0) /* repeated start */
        return false;
    if (Wire.requestFrom(address, (uint8_t)length) != length)
        return false;
    for (i = 0; i < length; i++)
        data[i] = (uint8_t)Wire.read();
    return true;
}

#endif
