package org.hiphike.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The dashboard's self-signed HTTPS certificate: made at the first start with Bouncy Castle, kept in the config
 * folder as {@code tls/dashboard.p12} (readable by its owner only) and reused at every later start, so that a phone
 * that accepted it once is not asked again. It names {@code localhost}, the loopback addresses, this machine's name
 * and the addresses the dashboard answers to. When a start answers to an address the kept certificate does not name
 * (it was made on a loopback start, or the machine's LAN address changed), it is made anew for the addresses of now
 * with the same key: a phone that opens the new address sees the certificate warning once more (a new certificate,
 * so a new fingerprint), while anything that pinned the key still matches.
 *
 * <p>It follows what phones ask of a server certificate they may be told to accept (Apple's rules for TLS server
 * certificates): an ECDSA P-256 key, SHA-256, the names in subjectAltName, extendedKeyUsage serverAuth and a validity
 * of 825 days. One expiring within {@link #RENEW_BEFORE} is made anew.
 *
 * <p>The JDK's own providers make the key and the signature; Bouncy Castle only builds the certificate (it is not
 * installed as a security provider).
 */
public final class DashboardCertificate {
    /** The file in the config folder. */
    public static final String FILE = "tls/dashboard.p12";
    /** The alias of the key in the keystore. */
    public static final String ALIAS = "hiphike-dashboard";
    /**
     * The keystore's password. The key is protected by the file's permissions (owner only), as an SSH host key is; a
     * password kept beside it would add nothing.
     */
    static final char[] PASSWORD = "hiphike-dashboard".toCharArray();
    /** How long a certificate is valid. */
    static final Duration VALIDITY = Duration.ofDays(825);
    /** A certificate that expires sooner than this is made anew. */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private final KeyStore keyStore;
    private final X509Certificate certificate;
    private final Path file;
    private final boolean created;
    private final List<String> addedNames;

    private DashboardCertificate(KeyStore keyStore, X509Certificate certificate, Path file, boolean created, List<String> addedNames) {
        this.keyStore = keyStore;
        this.certificate = certificate;
        this.file = file;
        this.created = created;
        this.addedNames = List.copyOf(addedNames);
    }

    /**
     * The certificate kept in {@code configDir}, or a new one (written there) when there is none, it cannot be read, it
     * expires soon, or it does not name one of {@code names} (then the new one keeps the old key; {@link #addedNames}
     * says which names were missing).
     *
     * @param names host names and addresses it names (the loopback names are always in it)
     */
    public static DashboardCertificate loadOrCreate(Path configDir, Collection<String> names) throws IOException {
        Path file = configDir.resolve(FILE);
        KeyPair keep = null;
        List<String> missing = List.of();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(in, PASSWORD);
                if (ks.getCertificate(ALIAS) instanceof X509Certificate c && ks.getKey(ALIAS, PASSWORD) instanceof PrivateKey key
                        && c.getNotAfter().toInstant().isAfter(Instant.now().plus(RENEW_BEFORE))) {
                    missing = missingNames(c, names);
                    if (missing.isEmpty()) {
                        if (slowToOpen(file)) {
                            // written with the JDK's default 10000 rounds of PBKDF2 three times over: the same key and
                            // certificate written again with one round open in milliseconds instead of most of a second
                            KeyStore fast = KeyStore.getInstance("PKCS12");
                            fast.load(null, null);
                            fast.setEntry(ALIAS, new KeyStore.PrivateKeyEntry(key, ks.getCertificateChain(ALIAS)), protection());
                            write(fast, file);
                            ks = fast;
                        }
                        return new DashboardCertificate(ks, c, file, false, List.of());
                    }
                    keep = new KeyPair(c.getPublicKey(), key);
                }
            } catch (IOException | GeneralSecurityException e) {
                // unreadable or not ours: made anew below
            }
        }
        try {
            KeyStore ks = create(names, Instant.now(), keep);
            try {
                Files.createDirectories(file.getParent());
            } catch (IOException e) {
                throw new IOException("cannot make the folder " + file.getParent() + " for the HTTPS certificate: " + e, e);
            }
            write(ks, file);
            return new DashboardCertificate(ks, (X509Certificate) ks.getCertificate(ALIAS), file, true, missing);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make the dashboard's HTTPS certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Rounds of PBKDF2 for the keystore's MAC, certificate and key: the password is a constant kept here (the file's
     * permissions protect the key), so rounds only cost start-up time: the JDK's default of 10000, three times over,
     * took most of the dashboard's start before the JIT compiler had got to SHA-256.
     */
    static final int PBE_ROUNDS = 1;

    private static KeyStore.PasswordProtection protection() throws IOException {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return new KeyStore.PasswordProtection(PASSWORD, "PBEWithHmacSHA256AndAES_256",
                new javax.crypto.spec.PBEParameterSpec(salt, PBE_ROUNDS));
    }

    /** Whether the keystore file's MAC takes more than {@link #PBE_ROUNDS} rounds (one written before they were cut). */
    private static boolean slowToOpen(Path file) {
        try {
            org.bouncycastle.asn1.pkcs.Pfx pfx = org.bouncycastle.asn1.pkcs.Pfx.getInstance(Files.readAllBytes(file));
            return pfx.getMacData() != null && pfx.getMacData().getIterationCount().intValue() > PBE_ROUNDS;
        } catch (IOException | RuntimeException e) {
            return false; // it opened: leave it as it is
        }
    }

    /**
     * Writes {@code ks} to {@code file} (owner only, atomically), its MAC and certificate with {@link #PBE_ROUNDS}.
     * Those two are the JDK's keystore.pkcs12.* properties, read when a new keystore is stored: set for that moment.
     */
    private static void write(KeyStore ks, Path file) throws IOException, GeneralSecurityException {
        Path tmp = Files.createTempFile(file.getParent(), "dashboard-", ".p12.tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system (Windows): the user's profile folder protects it
            }
            synchronized (DashboardCertificate.class) {
                String[] props = {"keystore.pkcs12.macIterationCount", "keystore.pkcs12.certPbeIterationCount"};
                String[] before = new String[props.length];
                for (int i = 0; i < props.length; i++) before[i] = System.setProperty(props[i], Integer.toString(PBE_ROUNDS));
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    ks.store(out, PASSWORD);
                } finally {
                    for (int i = 0; i < props.length; i++) {
                        if (before[i] == null) System.clearProperty(props[i]);
                        else System.setProperty(props[i], before[i]);
                    }
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static KeyStore create(Collection<String> names, Instant now) throws GeneralSecurityException, OperatorCreationException, IOException {
        return create(names, now, null);
    }

    /** @param keep the key pair to sign with, or null for a new one */
    static KeyStore create(Collection<String> names, Instant now, KeyPair keep)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPair pair = keep;
        if (pair == null) {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            pair = gen.generateKeyPair();
        }
        Set<String> all = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        all.addAll(names);
        Set<GeneralName> sans = new LinkedHashSet<>(); // one of each: ::1 and 0:0:0:0:0:0:0:1 encode the same
        for (String n : all) {
            String h = nameable(n);
            if (h == null) continue;
            sans.add(isAddress(h) ? new GeneralName(GeneralName.iPAddress, h) : new GeneralName(GeneralName.dNSName, h));
        }
        X500Name subject = new X500Name("CN=hiphike dashboard,O=hiphike");
        byte[] serial = new byte[16];
        new SecureRandom().nextBytes(serial);
        serial[0] &= 0x7f;
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, new BigInteger(serial),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        cert.verify(pair.getPublic());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setEntry(ALIAS, new KeyStore.PrivateKeyEntry(pair.getPrivate(), new java.security.cert.Certificate[] {cert}), protection());
        return ks;
    }

    /** A name as it goes into the certificate, or null for one that cannot (empty, a wildcard address). */
    private static String nameable(String n) {
        String h = DashboardSecurity.normalHost(n);
        return h.isEmpty() || h.equals("0.0.0.0") || h.equals("::") ? null : h;
    }

    /** The names of {@code wanted} that {@code c} does not name (addresses compared as addresses: ::1 is 0:0:0:0:0:0:0:1). */
    static List<String> missingNames(X509Certificate c, Collection<String> wanted) {
        Set<String> have = new java.util.HashSet<>();
        try {
            if (c.getSubjectAlternativeNames() != null) {
                for (List<?> e : c.getSubjectAlternativeNames()) have.add(canonical(String.valueOf(e.get(1))));
            }
        } catch (java.security.cert.CertificateParsingException e) {
            // none listed: every name is missing
        }
        List<String> out = new ArrayList<>();
        for (String n : wanted) {
            String h = nameable(n);
            if (h != null && !have.contains(canonical(h)) && !out.contains(h)) out.add(h);
        }
        return out;
    }

    private static String canonical(String name) {
        String h = DashboardSecurity.normalHost(name);
        if (isAddress(h)) {
            try {
                return InetAddress.getByName(h).getHostAddress();
            } catch (IOException e) {
                return h;
            }
        }
        return h;
    }

    private static boolean isAddress(String h) {
        if (h.contains(":")) return true;
        if (!h.matches("[0-9.]+")) return false;
        try {
            return InetAddress.getByName(h) != null;
        } catch (IOException e) {
            return false;
        }
    }

    public KeyStore keyStore() { return keyStore; }

    public X509Certificate certificate() { return certificate; }

    public Path file() { return file; }

    /** Whether this start made it (else it was read from the config folder). */
    public boolean created() { return created; }

    /**
     * The names this start answers to that the kept certificate did not name, so it was made anew with the same key;
     * empty when it was kept, or made for another reason (none, unreadable, expiring).
     */
    public List<String> addedNames() { return addedNames; }

    /** The SHA-256 fingerprint, as browsers show it (upper-case hex pairs joined by colons). */
    public String fingerprint() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The names and addresses in it. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        try {
            if (certificate.getSubjectAlternativeNames() != null) {
                for (List<?> e : certificate.getSubjectAlternativeNames()) out.add(String.valueOf(e.get(1)));
            }
        } catch (java.security.cert.CertificateParsingException e) {
            // none listed
        }
        return out;
    }

    /** A Jetty TLS context for it. */
    public org.eclipse.jetty.util.ssl.SslContextFactory.Server sslContextFactory() {
        var f = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
        f.setKeyStore(keyStore);
        f.setKeyStorePassword(new String(PASSWORD));
        f.setCertAlias(ALIAS);
        f.setSniRequired(false);
        return f;
    }
}
