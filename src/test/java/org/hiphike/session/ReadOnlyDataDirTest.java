package org.hiphike.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hiphike.exercise.PipelineSettings;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data folder the user cannot write (another user's, a read-only mount): the history is still listed and shown,
 * and a change says "read-only". The folder is made read-only and the commands run as a real unprivileged user: the
 * user running the tests, or nobody (through setpriv) when that is root, since root writes anything.
 */
@Timeout(120)
class ReadOnlyDataDirTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private boolean root;

    private Run unprivileged(Path cpDir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (root) cmd.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cpDir + "/*",
                "org.hiphike.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("HOME", dir.toString());
        pb.environment().remove("HIPHIKE_DATA_DIR");
        Path out = dir.resolve("out.txt"), err = dir.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "finished");
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void aReadOnlyDataFolderIsReadAndSaysReadOnlyWhenChanged() throws Exception {
        root = "root".equals(System.getProperty("user.name"));
        if (root && !Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
            String why = "run as root (who writes anything) and no setpriv (util-linux) to become another user";
            System.out.println("ReadOnlyDataDirTest skipped: " + why);
            if ("true".equals(System.getenv("CI"))) throw new AssertionError("CI must run this test: " + why);
            Assumptions.abort(why);
        }
        Path data = dir.resolve("data");
        long id;
        try (SessionStore store = SessionStore.open(data)) {
            id = store.importRecording(Fixtures.LEFT_CLEAN, Fixtures.info("left", Instant.now()), PipelineSettings.DEFAULTS).id();
        }
        // The classes and libraries, where nobody can read them.
        Path cp = dir.resolve("cp");
        Files.createDirectories(cp);
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path e = Path.of(entry);
            if (Files.isDirectory(e)) {
                Path jar = cp.resolve("classes" + (n++) + ".jar");
                Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jar").toString(), "cf",
                        jar.toString(), "-C", e.toString(), ".").inheritIO().start();
                assertEquals(0, p.waitFor());
            } else if (Files.isRegularFile(e)) {
                Files.copy(e, cp.resolve((n++) + "-" + e.getFileName()));
            }
        }
        for (Path p : List.of(dir, cp)) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (var files = Files.walk(cp)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx")); // out.txt, err.txt
        try (var files = Files.walk(data)) {
            for (Path f : files.toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(Files.isDirectory(f) ? "r-xr-xr-x" : "r--r--r--"));
            }
        }

        Run list = unprivileged(cp, "sessions", "--data-dir", data.toString());
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().lines().anyMatch(l -> l.strip().startsWith(id + " ")), list.out());
        assertTrue(list.err().contains("is read-only: sessions are shown"), list.err());

        Run delete = unprivileged(cp, "sessions", "delete", Long.toString(id), "--yes", "--data-dir", data.toString());
        assertEquals(2, delete.code(), delete.err());
        assertTrue(delete.err().contains("cannot delete a session: the data folder " + data.toAbsolutePath() + " is read-only"),
                delete.err());
        try (SessionStore store = SessionStore.open(data)) {
            assertEquals(1, store.list().size(), "nothing was deleted");
        } finally {
            try (var files = Files.walk(data)) { // so that the temporary folder can be removed
                for (Path f : files.toList()) {
                    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
    }
}
