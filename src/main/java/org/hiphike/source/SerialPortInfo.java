package org.hiphike.source;

import java.util.Locale;

/**
 * A serial port the system lists.
 *
 * @param path         what to open: {@code /dev/ttyUSB0}, {@code /dev/ttyACM0}, {@code /dev/rfcomm0}, {@code COM3}
 * @param description  the driver's or the device's description ("CP2102 USB to UART Bridge Controller"), may be empty
 * @param vendorId     USB vendor id, or -1 when not a USB device
 * @param productId    USB product id, or -1 when not a USB device
 * @param serialNumber the device's serial number, may be empty
 * @param manufacturer the device's manufacturer, may be empty
 */
public record SerialPortInfo(String path, String description, int vendorId, int productId, String serialNumber,
                             String manufacturer) {

    public SerialPortInfo {
        description = clean(description);
        serialNumber = clean(serialNumber);
        manufacturer = clean(manufacturer);
    }

    /** Empty for missing values (jSerialComm says "Unknown"). */
    private static String clean(String s) {
        if (s == null) return "";
        String t = s.trim();
        return t.equalsIgnoreCase("unknown") ? "" : t;
    }

    /** {@code 10c4:ea60}, or an empty string when not a USB device. */
    public String vidPid() {
        if (vendorId < 0 || productId < 0) return "";
        return String.format(Locale.ROOT, "%04x:%04x", vendorId, productId);
    }

    /** Whether {@code text} (case-insensitive) appears in the path, description, manufacturer or serial number. */
    public boolean matches(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        return path.toLowerCase(Locale.ROOT).contains(t) || description.toLowerCase(Locale.ROOT).contains(t)
                || manufacturer.toLowerCase(Locale.ROOT).contains(t) || serialNumber.toLowerCase(Locale.ROOT).contains(t);
    }

    /** A USB or Bluetooth serial port (not one of the motherboard's legacy UARTs that Linux always lists). */
    public boolean maybeSensor() {
        return vendorId >= 0 || path.contains("rfcomm") || path.contains("ttyUSB") || path.contains("ttyACM")
                || path.contains("usbserial") || path.contains("usbmodem") || path.matches("(?i)COM\\d+");
    }
}
