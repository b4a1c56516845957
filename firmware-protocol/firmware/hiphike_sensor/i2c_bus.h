/* Bus layer: register access over I2C (Arduino Wire). Used by drivers that
 * talk to their chip directly (MPU-6050). */
#ifndef HIPHIKE_I2C_BUS_H
#define HIPHIKE_I2C_BUS_H

#include <stddef.h>
#include <stdint.h>

bool i2c_begin(int sda_pin, int scl_pin, uint32_t clock_hz);
bool i2c_write_register(uint8_t address, uint8_t reg, uint8_t value);
/* Reads length consecutive registers starting at reg (auto-increment). */
bool i2c_read_registers(uint8_t address, uint8_t reg, uint8_t *data, size_t length);

#endif
