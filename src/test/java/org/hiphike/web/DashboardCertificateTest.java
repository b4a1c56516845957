package org.hiphike.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.hiphike.source.SensorPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's HTTPS certificate: made once, kept, reused; and served by the HTTPS connector beside HTTP. */
class DashboardCertificateTest {
    @TempDir
    Path config;

    @Test
    void aKeystoreWrittenWithTheJdksDefaultRoundsIsRewrittenOnceWithTheSameCertificate() throws Exception {
        // as the dashboard wrote it before: KeyStore.store with the JDK's defaults (10000 PBKDF2 rounds)
        KeyStore old = DashboardCertificate.create(List.of(), Instant.now());
        KeyStore slow = KeyStore.getInstance("PKCS12");
        slow.load(null, null);
        slow.setKeyEntry(DashboardCertificate.ALIAS, old.getKey(DashboardCertificate.ALIAS, DashboardCertificate.PASSWORD),
                DashboardCertificate.PASSWORD, old.getCertificateChain(DashboardCertificate.ALIAS));
        Path file = config.resolve(DashboardCertificate.FILE);
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            slow.store(out, DashboardCertificate.PASSWORD);
        }
        assertEquals(10000, macRounds(file), "the JDK's default");
        DashboardCertificate loaded = DashboardCertificate.loadOrCreate(config, List.of());
        assertFalse(loaded.created());
        assertEquals(old.getCertificate(DashboardCertificate.ALIAS), loaded.certificate(), "the same certificate");
        assertEquals(1, macRounds(file), "rewritten with one round");
        DashboardCertificate again = DashboardCertificate.loadOrCreate(config, List.of());
        assertEquals(loaded.certificate(), again.certificate());
    }

    private static int macRounds(Path file) throws Exception {
        return org.bouncycastle.asn1.pkcs.Pfx.getInstance(Files.readAllBytes(file)).getMacData().getIterationCount().intValue();
    }

    @Test
    void isMadeAtTheFirstStartKeptForItsOwnerAndReusedAfterwards() throws Exception {
        DashboardCertificate first = DashboardCertificate.loadOrCreate(config, List.of("192.168.1.20", "physio-pc.lan"));
        assertTrue(first.created());
        Path file = config.resolve(DashboardCertificate.FILE);
        assertTrue(Files.isRegularFile(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        byte[] bytes = Files.readAllBytes(file);

        DashboardCertificate again = DashboardCertificate.loadOrCreate(config, List.of("192.168.1.20", "PHYSIO-PC.lan", "::1"));
        assertFalse(again.created(), "the kept certificate is reused");
        assertEquals(first.fingerprint(), again.fingerprint());
        assertArrayEquals(bytes, Files.readAllBytes(file), "the file is not rewritten");
        assertTrue(again.names().containsAll(List.of("localhost", "127.0.0.1", "192.168.1.20", "physio-pc.lan")), again.names().toString());
        assertTrue(again.addedNames().isEmpty());

        X509Certificate c = again.certificate();
        assertEquals("SHA256withECDSA", c.getSigAlgName());
        assertTrue(c.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");
        long days = Duration.between(c.getNotBefore().toInstant(), c.getNotAfter().toInstant()).toDays();
        assertTrue(days <= 826, "at most 825 days (phones refuse longer): " + days);
        c.verify(c.getPublicKey());
    }

    @Test
    void oneMadeOnALoopbackStartIsMadeAnewWithTheSameKeyWhenTheLanAddressIsNotInIt() throws Exception {
        DashboardCertificate loopback = DashboardCertificate.loadOrCreate(config, DashboardSecurity.hostsFor("127.0.0.1", List.of()));
        assertTrue(loopback.created());
        assertFalse(loopback.names().contains("192.168.1.20"));

        // The next start listens on the network: the phone opens 192.168.1.20, which the certificate must name.
        DashboardCertificate lan = DashboardCertificate.loadOrCreate(config, List.of("127.0.0.1", "192.168.1.20"));
        assertTrue(lan.created(), "made anew");
        assertEquals(List.of("192.168.1.20"), lan.addedNames());
        assertTrue(lan.names().contains("192.168.1.20"), lan.names().toString());
        assertNotEquals(loopback.fingerprint(), lan.fingerprint(), "a new certificate: the phone warns once more");
        assertEquals(loopback.certificate().getPublicKey(), lan.certificate().getPublicKey(), "the key is kept");
        lan.certificate().verify(lan.certificate().getPublicKey());

        // The address changed (another network): made anew again, and the old address is not carried along.
        DashboardCertificate moved = DashboardCertificate.loadOrCreate(config, List.of("10.0.0.7"));
        assertEquals(List.of("10.0.0.7"), moved.addedNames());
        assertTrue(moved.names().contains("10.0.0.7"));
        assertFalse(moved.names().contains("192.168.1.20"));
        assertEquals(loopback.certificate().getPublicKey(), moved.certificate().getPublicKey());

        // Same addresses again: kept as it is.
        DashboardCertificate same = DashboardCertificate.loadOrCreate(config, List.of("10.0.0.7", "localhost"));
        assertFalse(same.created());
        assertEquals(moved.fingerprint(), same.fingerprint());
    }

    @Test
    void oneThatExpiresSoonOrCannotBeReadIsMadeAnew() throws Exception {
        KeyStore old = DashboardCertificate.create(List.of(), Instant.now().minus(Duration.ofDays(820)));
        Path file = config.resolve(DashboardCertificate.FILE);
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            old.store(out, DashboardCertificate.PASSWORD);
        }
        DashboardCertificate renewed = DashboardCertificate.loadOrCreate(config, List.of());
        assertTrue(renewed.created(), "expiring in 5 days: made anew");
        assertTrue(renewed.certificate().getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(800))));

        Files.writeString(file, "not a keystore");
        DashboardCertificate fresh = DashboardCertificate.loadOrCreate(config, List.of());
        assertTrue(fresh.created());
        assertNotEquals(renewed.fingerprint(), fresh.fingerprint());
        assertFalse(DashboardCertificate.loadOrCreate(config, List.of()).created());
    }

    @Test
    void theServerAnswersOnHttpsWithItAndOnHttpBesideItWithTheSameChecks() throws Exception {
        DashboardCertificate cert = DashboardCertificate.loadOrCreate(config, List.of());
        String token = DashboardSecurity.newToken();
        PrescriptionStore store = PrescriptionStore.inMemory(Prescription.DEFAULTS);
        LiveSession session = new LiveSession(store);
        Javalin app = DashboardServer.create(new DashboardServer.Dependencies(session, new SourceCatalog(null, SensorPorts.NONE, 1), store,
                new DashboardSecurity(token)), new DashboardServer.Listen("127.0.0.1", 0, 0, cert)).start();
        try {
            int http = DashboardServer.localPort(app, false), https = DashboardServer.localPort(app, true);
            assertTrue(http > 0 && https > 0 && http != https, http + " " + https);

            // A client that trusts only this certificate (as a phone that accepted it) reaches the page.
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("dashboard", cert.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            HttpClient trusting = HttpClient.newBuilder().sslContext(tls).build();
            HttpResponse<String> page = trusting.send(HttpRequest.newBuilder(URI.create("https://localhost:" + https + "/sensor?token=" + token))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("/sensor.js"));
            assertEquals(401, trusting.send(HttpRequest.newBuilder(URI.create("https://localhost:" + https + "/sensor")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "the token is needed over HTTPS too");
            HttpResponse<String> phone = trusting.send(HttpRequest.newBuilder(URI.create("https://localhost:" + https + "/api/phone"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(phone.body().contains("\"fingerprint\":\"" + cert.fingerprint() + "\""), phone.body());
            assertTrue(phone.body().contains("\"network\":false"), "bound to loopback: no phone can reach it: " + phone.body());

            // The same server over plain HTTP.
            HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + http + "/?token=" + token)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, plain.statusCode());

            // A client that trusts only the usual authorities refuses the self-signed certificate.
            boolean refused = false;
            try {
                HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("https://localhost:" + https + "/")).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (SSLHandshakeException e) {
                refused = true;
            }
            assertTrue(refused, "self-signed: not trusted without being accepted");
        } finally {
            session.close();
            app.stop();
        }
    }
}
