package org.hiphike.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hiphike.source.SensorPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What `hiphike dashboard` prints about HTTPS and the phone, and the certificate kept between starts. */
@Timeout(60)
class DashboardHttpsLaunchTest {
    @TempDir
    Path config;

    private String start(String... args) throws Exception {
        DashboardCommand c = new DashboardCommand();
        new CommandLine(c).parseArgs(args);
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text);
             DashboardLauncher.Running r = DashboardLauncher.start(c.dashboard, c.prescription, SensorPorts.NONE, null, out)) {
            out.flush();
            assertTrue(r.url().startsWith("http://"), r.url());
        }
        return text.toString();
    }

    private static String fingerprint(String out) {
        Matcher m = Pattern.compile("SHA-256 ([0-9A-F:]{95})").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    @Test
    void theFirstStartMakesTheCertificateAndTheNextKeepsIt() throws Exception {
        String first = start("--http-port", "0", "--no-browser", "--no-save", "--config-dir", config.toString());
        assertTrue(first.contains("HTTPS: https://127.0.0.1:") && first.contains("(a phone as the sensor needs --host 0.0.0.0)"), first);
        assertTrue(first.contains("HTTPS certificate made in " + config.resolve("tls/dashboard.p12")), first);
        String second = start("--http-port", "0", "--no-browser", "--no-save", "--config-dir", config.toString());
        assertTrue(second.contains("HTTPS certificate kept in"), second);
        assertEquals(fingerprint(first), fingerprint(second));

        String off = start("--http-port", "0", "--no-browser", "--no-save", "--no-https", "--config-dir", config.toString());
        assertTrue(!off.contains("HTTPS"), off);
    }

    @Test
    void onTheNetworkItPrintsThePhonesAddressWithTheToken() throws Exception {
        String out = start("--host", "0.0.0.0", "--http-port", "0", "--no-browser", "--no-save", "--config-dir", config.toString());
        Matcher token = Pattern.compile("\\?token=([0-9a-f]{32})").matcher(out);
        assertTrue(token.find(), out);
        for (String a : DashboardLauncher.reachableAddresses("0.0.0.0")) {
            assertTrue(Pattern.compile("phone as the sensor: https://" + Pattern.quote(a) + ":[0-9]+/sensor\\?token=" + token.group(1))
                    .matcher(out).find(), out);
        }
    }
}
