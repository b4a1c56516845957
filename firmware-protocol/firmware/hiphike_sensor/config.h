/*
 * hiphike sensor firmware: build configuration.
 *
 * 1. Choose the board: uncomment exactly one HIPHIKE_BOARD line below (or
 *    pass -DHIPHIKE_BOARD=... to the compiler). The build stops with an error
 *    until a board is chosen.
 * 2. Check HIPHIKE_ALIGNMENT against the way the board is mounted (README.md,
 *    "Axes and mounting"), and verify it with the three-pose check.
 *
 * Units: rates in Hz, ranges in g and degrees per second, times in
 * milliseconds or microseconds as named.
 */
#ifndef HIPHIKE_CONFIG_H
#define HIPHIKE_CONFIG_H

#define HIPHIKE_BOARD_NANO33BLE_REV2 1 /* Arduino Nano 33 BLE Rev2: BMI270 (+BMM150), USB serial + BLE NUS */
#define HIPHIKE_BOARD_ESP32_MPU6050 2  /* ESP32 (classic, e.g. DevKitC) + MPU-6050 on I2C: USB serial + Bluetooth SPP */
#define HIPHIKE_BOARD_ESP32_BLE_MPU6050 3 /* any ESP32 with BLE (classic, -S3, -C3, -C6) + MPU-6050 on I2C: USB serial +
                                           * BLE NUS with NimBLE-Arduino 2.x */

/* #define HIPHIKE_BOARD HIPHIKE_BOARD_NANO33BLE_REV2 */
/* #define HIPHIKE_BOARD HIPHIKE_BOARD_ESP32_MPU6050 */
/* #define HIPHIKE_BOARD HIPHIKE_BOARD_ESP32_BLE_MPU6050 */

#ifndef HIPHIKE_BOARD
#error "hiphike: choose a board in config.h (HIPHIKE_BOARD_NANO33BLE_REV2, HIPHIKE_BOARD_ESP32_MPU6050 or HIPHIKE_BOARD_ESP32_BLE_MPU6050), see README.md"
#endif

/* The two ESP32 builds share the MPU-6050 driver, the I2C bus and the battery input. */
#define HIPHIKE_BOARD_IS_ESP32 (HIPHIKE_BOARD == HIPHIKE_BOARD_ESP32_MPU6050 || HIPHIKE_BOARD == HIPHIKE_BOARD_ESP32_BLE_MPU6050)

#if HIPHIKE_BOARD == HIPHIKE_BOARD_NANO33BLE_REV2 && !defined(ARDUINO_ARCH_MBED)
#error "hiphike: HIPHIKE_BOARD is the Nano 33 BLE Rev2 but the build is not for the Arduino Mbed OS Nano core (board arduino:mbed_nano:nano33ble)"
#endif
#if HIPHIKE_BOARD_IS_ESP32 && !defined(ARDUINO_ARCH_ESP32)
#error "hiphike: HIPHIKE_BOARD is an ESP32 + MPU-6050 build but the build is not for an ESP32 core (board esp32:esp32:...)"
#endif
/* ESP32-S3, -C3, -C6 have no Bluetooth Classic: with HIPHIKE_BOARD_ESP32_MPU6050
 * BluetoothSerial.h stops the build; choose HIPHIKE_BOARD_ESP32_BLE_MPU6050. */

/* ---- Firmware version, sent in HELLO */
#define HIPHIKE_FIRMWARE_MAJOR 1
#define HIPHIKE_FIRMWARE_MINOR 0
#define HIPHIKE_FIRMWARE_PATCH 0

/* ---- Sampling */
#define HIPHIKE_SAMPLE_RATE_HZ 100.0f        /* default; a host may change it with SET_RATE */
#define HIPHIKE_USB_SAMPLES_PER_MESSAGE 1      /* batch over USB serial */
#define HIPHIKE_WIRELESS_SAMPLES_PER_MESSAGE 4 /* batch over BLE / SPP (PROTOCOL.md 9.1) */
#define HIPHIKE_STATUS_PERIOD_MS 1000

/* ---- Axis alignment: chip axes -> worn frame (x = wearer's right, y = up,
 * z = backward), named as in x-io Fusion ("+Y-X+Z": worn x = chip +Y, worn
 * y = chip -X, worn z = chip +Z). "+X+Y+Z" means the chip's axes point as
 * the worn axes: see the mounting in README.md. */
#define HIPHIKE_ALIGNMENT "+X+Y+Z"

/* ---- Serial over USB */
#define HIPHIKE_SERIAL_BAUD 115200 /* ignored by native USB (Nano); the ESP32's USB-UART bridge uses it */

/* ---- LED used by IDENTIFY */
#ifndef LED_BUILTIN
#define LED_BUILTIN 2 /* ESP32 DevKitC boards without LED_BUILTIN: GPIO 2 */
#endif
#define HIPHIKE_LED_PIN LED_BUILTIN

#if HIPHIKE_BOARD == HIPHIKE_BOARD_NANO33BLE_REV2
/* The Arduino_BMI270_BMM150 library fixes the BMI270 at 100 Hz, +-4 g, +-2000 dps. */
#define HIPHIKE_SENSOR_MODEL "BMI270"
#define HIPHIKE_BOARD_NAME "nano33ble-rev2"
/* Bytes per BLE notification. 20 works with every central (ATT MTU 23);
 * raise to 244 only for hosts that always negotiate an ATT MTU of 247. */
#define HIPHIKE_BLE_NOTIFY_BYTES 20
/* The BMM150 magnetometer (about 10 Hz, repeated between updates). Its axes
 * on the board differ from the BMI270's: set HIPHIKE_MAG_ALIGNMENT from the
 * three-pose check before enabling. */
#define HIPHIKE_WITH_MAGNETOMETER 0
#define HIPHIKE_MAG_ALIGNMENT "+X+Y+Z"
#endif

#if HIPHIKE_BOARD_IS_ESP32
#define HIPHIKE_SENSOR_MODEL "MPU-6050"
#if HIPHIKE_BOARD == HIPHIKE_BOARD_ESP32_MPU6050
#define HIPHIKE_BOARD_NAME "esp32-mpu6050"
#define HIPHIKE_I2C_SDA_PIN 21
#define HIPHIKE_I2C_SCL_PIN 22
#else
#define HIPHIKE_BOARD_NAME "esp32-ble-mpu6050"
/* The board's own I2C pins, as its Arduino variant names them (DevKitC:
 * 21/22, ESP32-C3 DevKitM and most C3 boards: 8/9, ESP32-S3 DevKitC: 8/9);
 * set numbers here for other wiring. */
#define HIPHIKE_I2C_SDA_PIN SDA
#define HIPHIKE_I2C_SCL_PIN SCL
/* ATT MTU offered to the central (NimBLE's exchange). 247: one notification
 * of 244 bytes fills one LE data packet with data length extension. */
#define HIPHIKE_BLE_PREFERRED_ATT_MTU 247
/* Bytes per notification at most, whatever the MTU (hiphike_ble.h). */
#define HIPHIKE_BLE_MAX_NOTIFY_BYTES 244
/* Notifications offered to NimBLE per loop pass; more wait in the queue. */
#define HIPHIKE_BLE_PUMP_PER_LOOP 8
#endif
#define HIPHIKE_I2C_CLOCK_HZ 400000
#define HIPHIKE_MPU6050_ADDRESS 0x68 /* 0x69 when AD0 is high */
#define HIPHIKE_ACC_RANGE_G 8        /* 2, 4, 8 or 16 */
#define HIPHIKE_GYR_RANGE_DPS 1000   /* 250, 500, 1000 or 2000 */
/* Battery voltage through a divider on an ADC pin; -1 = not measured. */
#define HIPHIKE_BATTERY_PIN -1
#define HIPHIKE_BATTERY_DIVIDER 2.0f /* battery mV = pin mV x divider */
#define HIPHIKE_WITH_MAGNETOMETER 0
#endif

#endif /* HIPHIKE_CONFIG_H */
