package bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What /proc tells of the machine: CPU ticks per process and of all cores, and the load average. */
final class Proc {

    private Proc() {
    }

    /**
     * CPU ticks so far per label: {@code labels} by pid, NGINX's master and workers, PostgreSQL's backends by database
     * (those of {@code databases}, the others as one) and its server processes, RabbitMQ's VM; other processes left out.
     */
    static Map<String, Long> ticks(Map<Long, String> labels, long nginx, List<String> databases) {
        Map<String, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : proc) {
                long pid = Long.parseLong(dir.getFileName().toString());
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ppid = Long.parseLong(fields[1]);
                    long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    String label = labels.get(pid);
                    if (label == null && (pid == nginx || ppid == nginx)) {
                        label = "nginx";
                    }
                    if (label == null) {
                        label = recognise(dir, databases);
                    }
                    if (label != null) {
                        ticks.merge(label, used, Long::sum);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            // no /proc: no CPU figures
        }
        return ticks;
    }

    /** PostgreSQL backends by database ("postgres: 15/main: user db 127.0.0.1(port) state"), RabbitMQ's VM. */
    private static String recognise(Path dir, List<String> databases) throws IOException {
        String comm = Files.readString(dir.resolve("comm")).trim();
        if (comm.equals("beam.smp")) {
            return "rabbitmq";
        }
        if (!comm.equals("postgres")) {
            return null;
        }
        List<String> cmd = Stack.nulSeparated(dir.resolve("cmdline"));
        String[] words = String.join(" ", cmd).split(" ");
        if (words.length >= 5 && words[0].equals("postgres:") && (words[4].contains("(") || words[4].equals("[local]"))) {
            String database = words[3];
            return "postgres: " + (databases.contains(database) ? database : "other databases");
        }
        return "postgres: server processes";
    }

    /** {busy, total} ticks of all cores from /proc/stat. */
    static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
