package org.hiphike.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AnalyzeCommandTest {
    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void badFileIsOneClearMessageAndExitCodeTwo(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "time_s,acc_x_g,acc_y_g,acc_z_g,gyr_x_dps,gyr_y_dps,gyr_z_dps\n0,0,1,0,0,0,0\n0.01,0,x,0,0,0,0\n");
        Result r = run("analyze", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("line 3, column acc_y_g"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals("", r.out());
    }

    @Test
    void missingFileIsExitCodeTwo(@TempDir Path dir) {
        Result r = run("analyze", dir.resolve("nope.csv").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no such file"), r.err());
    }

    @Test
    void badAxisRemapIsExitCodeTwo(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ok.csv");
        Files.writeString(f, "time_s,acc_x_g,acc_y_g,acc_z_g,gyr_x_dps,gyr_y_dps,gyr_z_dps\n0,0,1,0,0,0,0\n0.01,0,1,0,0,0,0\n");
        Result r = run("analyze", "--axes", "+X+X+Z", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("twice"), r.err());
        r = run("analyze", "--axes", "-X+Y+Z", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("mirror"), r.err());
    }
}
