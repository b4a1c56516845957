package org.hiphike.web;

import java.util.concurrent.Callable;
import org.hiphike.cli.PrescriptionOptions;
import org.hiphike.source.SensorPorts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hiphike dashboard} (also {@code hiphike} alone): the live dashboard in the browser. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Serve the live dashboard (default http://127.0.0.1:7070) and open it in a browser.",
                "Uses a connected sensor if there is one, else a simulated sensor doing reps; the page offers the samples.",
                "Also over HTTPS (default port 7443), where a phone can be the sensor: with --host 0.0.0.0, scan the QR "
                        + "code under Controls, accept the certificate warning, tap Start (docs/sensors.md, Phone)."})
public final class DashboardCommand implements Callable<Integer> {
    @Mixin
    DashboardOptions dashboard = new DashboardOptions();

    @Mixin
    PrescriptionOptions prescription = new PrescriptionOptions();

    @Option(names = "--source", defaultValue = "auto", description = "First source: auto (a serial sensor if connected, else simulated), simulated or none. Bluetooth LE sensors"
            + " nearby (Linux, BlueZ) are in the source menu.")
    String source;

    /** Where real sensors are found: USB and Bluetooth serial ports, then Bluetooth LE sensors BlueZ knows (Linux). */
    private final org.hiphike.source.BleSensorPorts ble = new org.hiphike.source.BleSensorPorts();
    private final SensorPorts defaultPorts = SensorPorts.of(new org.hiphike.source.SerialSensorPorts(), ble);
    SensorPorts ports = defaultPorts;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!source.equals("auto") && !source.equals("simulated") && !source.equals("none")) {
            throw new IllegalArgumentException("--source must be auto, simulated or none");
        }
        // BLE sensors nearby are known to BlueZ once it has scanned: by the time the menu is opened
        if (ports == defaultPorts) ble.scanInBackground(java.time.Duration.ofSeconds(8));
        var running = DashboardLauncher.start(dashboard, prescription, ports, catalog -> {
            try {
                var sensor = catalog.firstSensor();
                if (source.equals("none")) return null;
                if (sensor != null && source.equals("auto")) {
                    return new DashboardLauncher.SourceStart(catalog.open("sensor", sensor.id(), 1, catalog.prescription()), "sensor", sensor.id());
                }
                return new DashboardLauncher.SourceStart(catalog.open("simulated", null, 1, catalog.prescription()), "simulated", null);
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, spec.commandLine().getOut());
        return DashboardLauncher.serveUntilStopped(running);
    }
}
