package org.hiphike.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataDirTest {
    private static final Path HOME = Path.of("/home/pat");

    @Test
    void optionThenEnvironmentThenXdgThenHome() {
        Map<String, String> env = Map.of("HIPHIKE_DATA_DIR", "/srv/hh", "XDG_DATA_HOME", "/data");
        assertEquals(Path.of("/opt/x"), DataDir.resolve(Path.of("/opt/x"), env, HOME));
        assertEquals(Path.of("/srv/hh"), DataDir.resolve(null, env, HOME));
        assertEquals(Path.of("/data/hiphike"), DataDir.resolve(null, Map.of("XDG_DATA_HOME", "/data"), HOME));
        assertEquals(Path.of("/home/pat/.local/share/hiphike"), DataDir.resolve(null, Map.of(), HOME));
    }

    @Test
    void blankOrRelativeXdgIsIgnored() {
        assertEquals(Path.of("/home/pat/.local/share/hiphike"), DataDir.resolve(null, Map.of("XDG_DATA_HOME", "rel/dir"), HOME));
        assertEquals(Path.of("/home/pat/.local/share/hiphike"),
                DataDir.resolve(null, Map.of("XDG_DATA_HOME", " ", "HIPHIKE_DATA_DIR", ""), HOME));
    }
}
