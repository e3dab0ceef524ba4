package vn.p06.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU seconds and resident memory of a process, from Linux's {@code /proc/<pid>/stat} and {@code status}. */
record ProcessFigures(double cpuSeconds, long rssKib) {
    /** USER_HZ: the unit of utime/stime in /proc/<pid>/stat; 100 on Linux. */
    private static final double TICKS_PER_SECOND = 100.0;

    static ProcessFigures of(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // Fields after the command name, which is in parentheses and may contain spaces.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        long rss = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                .findFirst().orElse(0);
        return new ProcessFigures(cpu, rss);
    }

    static ProcessFigures self() throws IOException {
        return of(ProcessHandle.current().pid());
    }

    double cpuSince(ProcessFigures earlier) {
        return cpuSeconds - earlier.cpuSeconds;
    }
}
