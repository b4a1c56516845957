package org.hiphike.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hiphike.core.ImuSample;
import org.hiphike.source.BlueZ;
import org.hiphike.source.SampleListener;
import org.hiphike.source.SerialOpenException;
import org.hiphike.source.SerialPortInfo;
import org.hiphike.source.SerialPorts;
import org.hiphike.source.SerialSource;
import org.hiphike.source.SerialSourceConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hiphike ports}: the serial ports there are, and with {@code --probe} what each one sends. */
@Command(name = "ports", mixinStandardHelpOptions = true,
        description = {"List serial ports: path, description, USB vendor:product id, serial number; then, on Linux with BlueZ,",
                "the Bluetooth LE devices nearby (a scan of --ble-seconds): name, address, RSSI and what each is (WitMotion,",
                "hiphike NUS, unknown), to open with --device ble:ADDRESS.",
                "With --probe, listen briefly on each USB or Bluetooth port (and on any PATH given) and report the protocol",
                "and sample rate detected. Pseudo-terminals and unbound Bluetooth Classic devices are not listed: give their path."})
public final class PortsCommand implements Callable<Integer> {
    @Option(names = "--probe", description = "Listen on each likely sensor port and report protocol and rate.")
    boolean probe;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "2", description = "How long to listen per port with --probe (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = {"-b", "--baud"}, paramLabel = "B", defaultValue = "115200", description = "Baud rate for --probe (default ${DEFAULT-VALUE}).")
    int baud;

    @Option(names = "--ble-seconds", paramLabel = "S", defaultValue = "4",
            description = "How long to scan for Bluetooth LE devices (default ${DEFAULT-VALUE}; 0 lists only those BlueZ knows already).")
    double bleSeconds;

    @Option(names = "--no-ble", description = "Do not look for Bluetooth LE devices.")
    boolean noBle;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "More ports to probe (e.g. /dev/rfcomm0, /dev/pts/3).")
    List<String> extra = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        List<SerialPortInfo> ports = SerialPorts.list();
        if (ports.isEmpty() && extra.isEmpty()) {
            out.println("No serial ports found. Plug the sensor in; for Bluetooth, pair it and bind it "
                    + "(`sudo rfcomm bind 0 <address>` gives /dev/rfcomm0).");
        }
        for (SerialPortInfo p : ports) {
            out.printf(Locale.ROOT, "%-22s %-40s %-9s %s%n", p.path(), p.description().isEmpty() ? "-" : p.description(),
                    p.vidPid().isEmpty() ? "-" : p.vidPid(), p.serialNumber().isEmpty() ? "" : "serial " + p.serialNumber());
        }
        out.flush();
        if (!noBle) listBle(out);
        if (!probe) return 0;
        List<String> targets = new ArrayList<>();
        for (SerialPortInfo p : ports) if (LiveRunner.maybeSensor(p)) targets.add(p.path());
        for (String e : extra) if (!targets.contains(e)) targets.add(e);
        if (targets.isEmpty()) {
            out.println("Nothing to probe: no USB or Bluetooth serial port. Give a path to probe it.");
            return 0;
        }
        // All ports at once: probing takes --seconds whatever the number of ports.
        List<Thread> threads = new ArrayList<>();
        String[] results = new String[targets.size()];
        for (int i = 0; i < targets.size(); i++) {
            int k = i;
            Thread t = new Thread(() -> results[k] = probe(targets.get(k)), "probe-" + k);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) t.join();
        out.println();
        for (int i = 0; i < targets.size(); i++) out.printf(Locale.ROOT, "%-22s %s%n", targets.get(i), results[i]);
        out.flush();
        return 0;
    }

    /** The BLE devices nearby, or why there are none to list. */
    private void listBle(PrintWriter out) {
        if (!(bleSeconds >= 0 && bleSeconds <= 60)) throw new IllegalArgumentException("--ble-seconds must be 0-60");
        out.println();
        try (BlueZ bluez = BlueZ.connect()) {
            if (bluez.adapters().isEmpty()) {
                out.println("Bluetooth LE: no Bluetooth adapter (BlueZ runs, but lists none; is it plugged in, or blocked: `rfkill list`?).");
                return;
            }
            List<BlueZ.Device> devices = bleSeconds > 0 ? bluez.scan(Duration.ofMillis(Math.round(bleSeconds * 1000))) : bluez.devices();
            if (devices.isEmpty()) {
                out.println("Bluetooth LE: no device seen" + (bleSeconds > 0 ? " in " + fmt(bleSeconds) + " s" : "")
                        + ". Is the sensor on and near? (docs/sensors.md: pairing help for Linux)");
                return;
            }
            out.println("Bluetooth LE (" + (bleSeconds > 0 ? "scanned " + fmt(bleSeconds) + " s" : "known to BlueZ") + "):");
            for (BlueZ.Device d : devices) {
                out.printf(Locale.ROOT, "%-22s %s%n", d.kind() == BlueZ.Kind.UNKNOWN ? "-" : d.id(), d.oneLine());
            }
        } catch (java.io.IOException e) {
            out.println("Bluetooth LE: not available: " + e.getMessage());
        }
        out.flush();
    }

    private static String fmt(double s) { return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s); }

    private String probe(String path) {
        Duration listen = Duration.ofMillis(Math.round(seconds * 1000));
        SerialSource source;
        try {
            source = SerialSource.open(SerialSourceConfig.of(path).withBaudRate(baud).withDetectTimeout(listen));
        } catch (SerialOpenException e) {
            return e.getMessage();
        }
        double[] firstLast = {Double.NaN, Double.NaN};
        long[] count = {0};
        Exception[] failure = {null};
        Thread reader = new Thread(() -> {
            try {
                source.run(new SampleListener() {
                    @Override
                    public void sample(ImuSample s) {
                        // arrival times: protocols without timestamps only have the configured rate otherwise
                        long now = System.nanoTime();
                        if (count[0]++ == 0) firstLast[0] = now / 1e9;
                        firstLast[1] = now / 1e9;
                    }
                });
            } catch (Exception e) {
                failure[0] = e;
            }
        }, "probe-reader-" + path);
        reader.start();
        try {
            reader.join(listen.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SerialSource.Stats st = source.stats();
        if (failure[0] != null) return failure[0].getMessage();
        if (st.protocol() == null) {
            return st.bytes() == 0 ? "no data in " + seconds + " s" : st.bytes() + " bytes, protocol not recognised";
        }
        double measured = count[0] > 1 && firstLast[1] > firstLast[0] ? (count[0] - 1) / (firstLast[1] - firstLast[0]) : 0;
        StringBuilder sb = new StringBuilder(st.protocol().cliName());
        if (measured > 0) sb.append(String.format(Locale.ROOT, ", about %.0f Hz by arrival", measured));
        if (st.deviceInfo() != null) {
            sb.append(String.format(Locale.ROOT, " (device says %.0f Hz; %s on %s, firmware %s, id %s)", st.deviceInfo().sampleRateHz(),
                    st.deviceInfo().sensorModel(), st.deviceInfo().board(), st.deviceInfo().firmwareVersion(), st.deviceInfo().deviceId()));
        }
        sb.append(", ").append(count[0]).append(" samples");
        if (st.timeSource() != null && st.timeSource().metadataValue().equals("rebuilt")) sb.append(", time rebuilt: give --rate-hz");
        return sb.toString();
    }
}
