package vn.p06.kiosk.print;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import vn.p06.kiosk.catalog.CatalogStore;
import vn.p06.kiosk.catalog.Lang;
import vn.p06.kiosk.catalog.Service;
import vn.p06.kiosk.scan.SaneScanner;
import vn.p06.kiosk.scan.ScannedDocument;
import vn.p06.kiosk.ticket.Ticket;
import vn.p06.kiosk.ticket.TicketRenderer;

/**
 * Benchmark (a main, not a test): what a resident waits for at each peripheral. Guide layout
 * (PDFBox, Noto subset), a guide through the real CUPS to cups-pdf until IPP says completed,
 * a ticket's ESC/POS bytes (raster Vietnamese), one A4 page from SANE's test backend at 150 dpi,
 * and two scanned pages into one PDF. Needs root and the packages of scripts/test.sh.
 * <p>
 * {@code ./mvnw -q -o -pl kiosk test-compile exec:java -Dexec.mainClass=vn.p06.kiosk.print.PeripheralBenchmark
 * -Dexec.classpathScope=test -Dexec.args="20"} (figures in docs/BENCHMARKS.md)
 */
public final class PeripheralBenchmark {
    private PeripheralBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Service service = CatalogStore.bundled().current().service("residence-permanent").orElseThrow();
        PdfFonts fonts = PdfFonts.noto();
        report("guide PDF layout", runs, () -> time(() -> GuidePdf.render(fonts, service, Lang.VI, CupsPrinterTest.VI)));
        TicketRenderer renderer = new TicketRenderer(fonts.regular(), fonts.bold(), TicketRenderer.WIDTH_80MM);
        Ticket ticket = new Ticket("SỐ THỨ TỰ", "A-042", service.text(Lang.VI).title(), "08:15 · 01/03/2025",
                "Xin mời chờ gọi số tại bộ phận một cửa", service.portalUrl());
        System.out.printf("ticket ESC/POS size: %d bytes%n", renderer.escPos(ticket).length);
        report("ticket ESC/POS layout", runs, () -> time(() -> renderer.escPos(ticket)));

        Path sane = Files.createTempDirectory("sane");
        Files.writeString(sane.resolve("dll.conf"), "test\n");
        Files.writeString(sane.resolve("test.conf"), Files.readString(Path.of("/etc/sane.d/test.conf"))
                .replaceAll("(?m)^geometry_max .*$", "geometry_max 300.0"));
        SaneScanner scanner = new SaneScanner(new SaneScanner.Config("test:0", Optional.of(sane), 150, List.of(),
                Duration.ofSeconds(30)));
        Path work = Files.createTempDirectory("scans");
        try (ScannedDocument doc = ScannedDocument.create(work)) {
            report("scan one A4 page (test backend, 150 dpi grey)", runs, () -> time(() -> doc.addPage(scanner)));
        }
        try (ScannedDocument two = ScannedDocument.create(work)) {
            two.addPage(scanner);
            two.addPage(scanner);
            report("two pages into one PDF", runs, () -> time(two::pdf));
        }

        try (CupsStack cups = new CupsStack().start()) {
            CupsPrinter printer = new CupsPrinter(new CupsPrinter.Config(cups.server(), CupsStack.PDF_QUEUE, "root",
                    Duration.ofMillis(50), Duration.ofSeconds(60)), Clock.systemUTC());
            report("guide through CUPS to cups-pdf, until completed (poll 50 ms)", Math.min(runs, 10),
                    () -> time(() -> {
                        printer.print(GuidePdf.render(fonts, service, Lang.VI, CupsPrinterTest.VI));
                        return null;
                    }));
        }
    }

    interface Job {
        Object run() throws Exception;
    }

    private static long time(Job job) {
        long t0 = System.nanoTime();
        try {
            job.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return System.nanoTime() - t0;
    }

    private static void report(String what, int runs, LongSupplier run) {
        run.getAsLong(); // warm-up: class loading, font parsing
        long[] ms = new long[runs];
        for (int i = 0; i < runs; i++) {
            ms[i] = run.getAsLong() / 1_000_000;
        }
        Arrays.sort(ms);
        System.out.printf("%-62s runs %3d  median %5d ms  p90 %5d ms  max %5d ms%n", what, runs, ms[runs / 2],
                ms[(int) Math.ceil(runs * 0.9) - 1], ms[runs - 1]);
    }
}
