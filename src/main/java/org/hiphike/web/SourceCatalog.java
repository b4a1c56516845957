package org.hiphike.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.recording.Recording;
import org.hiphike.recording.RecordingFormatException;
import org.hiphike.source.Pace;
import org.hiphike.source.PacedSource;
import org.hiphike.source.RecordingSource;
import org.hiphike.source.SampleSource;
import org.hiphike.source.SensorPorts;
import org.hiphike.source.SimulatedSensorSource;

/**
 * What the dashboard can play: sensor ports (through {@link SensorPorts}), the bundled samples,
 * uploaded recordings and the simulated sensor. Clients name a sample or upload by its id from
 * the listing; a client never gives a path.
 */
public final class SourceCatalog {
    /** Uploads kept at once (as files, never in memory); the oldest goes first. */
    static final int MAX_UPLOADS = 8;

    /** An upload: its file, the name it was sent with, and what reading it found. */
    private record Upload(Path file, String name, double durationS, int samples) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String kind, String id, String name, @JsonProperty("duration_s") Double durationS,
                        Integer samples, Long bytes) {}

    private final SensorPorts ports;
    private final Map<String, Path> samples = new LinkedHashMap<>();
    private final Map<String, Upload> uploads = new LinkedHashMap<>();
    private Path uploadsDir;
    private final long simulationSeed;
    private volatile java.util.function.Supplier<Prescription> prescriptions = () -> Prescription.DEFAULTS;
    private int uploadCounter;

    /**
     * @param samplesDir folder of bundled recordings ({@code *.csv}); may be null or missing
     */
    public SourceCatalog(Path samplesDir, SensorPorts ports, long simulationSeed) {
        this.ports = ports;
        this.simulationSeed = simulationSeed;
        if (samplesDir != null && Files.isDirectory(samplesDir)) {
            try (Stream<Path> files = Files.list(samplesDir)) {
                files.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") && Files.isRegularFile(p))
                        .sorted()
                        .forEach(p -> {
                            String name = p.getFileName().toString();
                            samples.put(name.substring(0, name.length() - 4), p.toAbsolutePath().normalize());
                        });
            } catch (IOException e) {
                // no samples then
            }
        }
    }

    public List<Entry> sampleEntries() {
        List<Entry> out = new ArrayList<>();
        samples.forEach((id, path) -> {
            Long bytes = null;
            try {
                bytes = Files.size(path);
            } catch (IOException ignored) {
                // listed without a size
            }
            out.add(new Entry("sample", id, id.replace('_', ' ').replace('-', ' '), null, null, bytes));
        });
        return out;
    }

    public synchronized List<Entry> uploadEntries() {
        List<Entry> out = new ArrayList<>();
        uploads.forEach((id, u) -> out.add(new Entry("upload", id, u.name(), Math.round(u.durationS() * 10) / 10.0,
                u.samples(), null)));
        return out;
    }

    /**
     * Uploads go to this folder (the data folder's {@code uploads/} when sessions are saved); by default a temporary
     * folder made at the first upload. Files there are this catalog's own: removed when evicted or at exit.
     */
    public synchronized SourceCatalog uploadsTo(Path dir) {
        this.uploadsDir = dir;
        // Uploads of an earlier run are not listed any more: their files go.
        if (Files.isDirectory(dir)) {
            try (Stream<Path> old = Files.list(dir)) {
                for (Path f : old.filter(f -> f.getFileName().toString().matches("upload-[0-9]+\\.csv")).toList()) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException e) {
                // left for the next start
            }
        }
        return this;
    }

    private synchronized Path uploadsDir() throws IOException {
        if (uploadsDir == null) {
            uploadsDir = Files.createTempDirectory("hiphike-uploads");
            uploadsDir.toFile().deleteOnExit();
        }
        Files.createDirectories(uploadsDir);
        return uploadsDir;
    }

    public List<Entry> sensorEntries() {
        return ports.list().stream().map(p -> new Entry("sensor", p.id(), p.description(), null, null, null)).toList();
    }

    /** The path of a bundled sample, for tests and the replay of a listed file. */
    public Path samplePath(String id) { return samples.get(id); }

    /**
     * Streams an upload to a file (memory does not hold it: eight large uploads held as parsed recordings took a
     * gigabyte), checks it with the strict reader, and keeps the file; returns its entry. A refused upload leaves no
     * file behind.
     */
    public Entry addUpload(String fileName, java.io.InputStream body) throws IOException, RecordingFormatException {
        String name = cleanName(fileName);
        Path file = Files.createTempFile(uploadsDir(), "upload-", ".csv");
        boolean kept = false;
        try {
            Files.copy(body, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Recording r;
            try (java.io.Reader in = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
                r = new CsvRecordingReader().read(in, name);
            } catch (java.nio.charset.MalformedInputException e) {
                throw new RecordingFormatException(name + ": not UTF-8 text", 0, null);
            }
            if (r.samples().isEmpty()) throw new RecordingFormatException(name + ": no samples", 0, null);
            Upload u = new Upload(file, name, r.durationS(), r.samples().size());
            synchronized (this) {
                String id = "u" + (++uploadCounter);
                uploads.put(id, u);
                kept = true;
                while (uploads.size() > MAX_UPLOADS) {
                    String oldest = uploads.keySet().iterator().next();
                    Files.deleteIfExists(uploads.remove(oldest).file());
                }
                return new Entry("upload", id, name, Math.round(u.durationS() * 10) / 10.0, u.samples(), null);
            }
        } finally {
            if (!kept) Files.deleteIfExists(file);
        }
    }

    /** Where the prescription the simulated sensor follows comes from (the dashboard's store). */
    public void prescriptions(java.util.function.Supplier<Prescription> source) { prescriptions = source; }

    /** The prescription in force now. */
    public Prescription prescription() { return prescriptions.get(); }

    /**
     * Opens a source by kind and id.
     *
     * @param speed replay speed (0 = max) for samples and uploads; the simulated sensor runs in real time
     * @throws IllegalArgumentException for an unknown kind or id
     */
    public SampleSource open(String kind, String id, double speed, Prescription prescription) throws IOException, RecordingFormatException {
        switch (kind == null ? "" : kind) {
            case "sample" -> {
                Path p = samples.get(id);
                if (p == null) throw new IllegalArgumentException("no sample with id '" + id + "'");
                Recording r = new CsvRecordingReader().read(p);
                return new PacedSource(new RecordingSource(r, p.getFileName().toString()), new Pace(speed));
            }
            case "upload" -> {
                Upload u;
                synchronized (this) {
                    u = uploads.get(id);
                }
                if (u == null) throw new IllegalArgumentException("no upload with id '" + id + "'");
                Recording r = new CsvRecordingReader().read(u.file());
                return new PacedSource(new RecordingSource(r, u.name()), new Pace(speed));
            }
            case "simulated" -> {
                // One person doing the prescription, sets, sides and rests as prescribed (the demo's target is its own).
                return new PacedSource(SimulatedSensorSource.session(simulationSeed, prescription.sets(),
                        prescription.repsPerSet(), prescription.effectiveRestS(), prescription.sides()), new Pace(1));
            }
            case "sensor" -> {
                if (ports.list().stream().noneMatch(p -> p.id().equals(id))) {
                    throw new IllegalArgumentException("no sensor port '" + id + "'");
                }
                return ports.open(id);
            }
            default -> throw new IllegalArgumentException("unknown source kind '" + kind + "' (sensor, sample, upload, simulated)");
        }
    }

    /**
     * The first sensor port, if one is connected: a serial one. A Bluetooth LE sensor nearby may be anyone's, so it is
     * only opened when chosen from the menu.
     */
    public SensorPorts.Port firstSensor() {
        return ports.list().stream().filter(p -> !p.id().startsWith("ble:")).findFirst().orElse(null);
    }

    private static String cleanName(String fileName) {
        String n = fileName == null ? "upload.csv" : fileName;
        n = n.replaceAll(".*[/\\\\]", "").replaceAll("[^A-Za-z0-9._ -]", "_");
        if (n.isBlank()) n = "upload.csv";
        return n.length() > 100 ? n.substring(0, 100) : n;
    }
}
