package vn.p06.kiosk.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scanning on the real SANE stack: scanimage with SANE's {@code test} backend (a virtual
 * flatbed with error injection), configured in a private SANE_CONFIG_DIR so nothing in /etc changes.
 */
class SaneScannerTest {
    @TempDir
    static Path sane;
    @TempDir
    Path work;

    @BeforeAll
    static void testBackendOnly() throws IOException {
        if (!Files.isExecutable(Path.of("/usr/bin/scanimage")) || !Files.exists(Path.of("/etc/sane.d/test.conf"))) {
            throw new IllegalStateException("scan tests need scanimage and the test backend (apt-get install sane-utils)");
        }
        Files.writeString(sane.resolve("dll.conf"), "test\n");
        // The test backend's default maximum (200 mm) is shorter than A4.
        Files.writeString(sane.resolve("test.conf"), Files.readString(Path.of("/etc/sane.d/test.conf"))
                .replaceAll("(?m)^geometry_max .*$", "geometry_max 300.0"));
    }

    private static SaneScanner scanner(String device, String... options) {
        return new SaneScanner(new SaneScanner.Config(device, Optional.of(sane), 150, List.of(options), Duration.ofSeconds(30)));
    }

    @Test
    void twoPagesBecomeOneA4Pdf() throws Exception {
        SaneScanner scanner = scanner("test:0", "--test-picture", "Grid");
        assertThat(scanner.state().state()).isEqualTo("ready");
        try (ScannedDocument doc = ScannedDocument.create(work)) {
            Path first = doc.addPage(scanner);
            doc.addPage(scanner);
            assertThat(ImageIO.read(first.toFile()).getWidth()).isEqualTo(1240); // 210 mm at 150 dpi

            try (PDDocument pdf = Loader.loadPDF(doc.pdf())) {
                assertThat(pdf.getNumberOfPages()).isEqualTo(2);
                PDRectangle box = pdf.getPage(1).getMediaBox();
                assertThat(box.getWidth()).isEqualTo(PDRectangle.A4.getWidth());
                assertThat(pdf.getPage(1).getResources().getXObjectNames()).hasSize(1);
            }
        }
    }

    @Test
    void aRetakeReplacesThePageAndShredsTheOldOne() throws Exception {
        try (ScannedDocument doc = ScannedDocument.create(work)) {
            Path first = doc.addPage(scanner("test:0", "--test-picture", "Solid black"));
            Path second = doc.addPage(scanner("test:0"));
            Path again = doc.retake(0, scanner("test:0", "--test-picture", "Solid white"));
            assertThat(doc.pages()).containsExactly(again, second);
            assertThat(first).doesNotExist();
            assertThatThrownBy(() -> doc.retake(2, scanner("test:0"))).hasMessageContaining("no page 3 of 2");
        }
    }

    @Test
    void aJamIsNamedAndTheScannedPagesStay() throws Exception {
        try (ScannedDocument doc = ScannedDocument.create(work)) {
            doc.addPage(scanner("test:0"));
            SaneScanner jamming = scanner("test:0", "--read-return-value", "SANE_STATUS_JAMMED");
            assertThatThrownBy(() -> doc.addPage(jamming)).isInstanceOf(ScanException.class)
                    .satisfies(e -> assertThat(((ScanException) e).fault()).isEqualTo(ScanFault.JAMMED));
            assertThatThrownBy(() -> doc.retake(0, jamming)).isInstanceOf(ScanException.class);
            assertThat(doc.pages()).hasSize(1).allSatisfy(p -> assertThat(p).exists());
            try (Stream<Path> files = Files.list(doc.directory())) {
                assertThat(files).hasSize(1); // no half-written page left behind
            }
        }
    }

    @Test
    void aScannerThatIsNotThereIsAbsent() throws Exception {
        SaneScanner gone = scanner("test:7");
        assertThat(gone.state().present()).isFalse();
        assertThat(gone.state().state()).isEqualTo("absent");
        try (ScannedDocument doc = ScannedDocument.create(work)) {
            assertThatThrownBy(() -> doc.addPage(gone))
                    .satisfies(e -> assertThat(((ScanException) e).fault()).isEqualTo(ScanFault.ABSENT));
        }
    }

    @Test
    void wipeOverwritesAndDeletesEveryPageButTheResidentsCopyStays() throws Exception {
        Path stick = Files.createDirectories(work.resolve("usb"));
        ScannedDocument doc = ScannedDocument.create(work.resolve("scans"));
        Path page = doc.addPage(scanner("test:0"));
        Path exported = doc.export(stick, "giay-to.pdf");
        assertThatThrownBy(() -> doc.export(stick, "giay-to.pdf")).isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        assertThatThrownBy(() -> doc.export(stick, "../x.pdf")).hasMessageContaining("../x.pdf");

        doc.wipe();

        assertThat(page).doesNotExist();
        assertThat(doc.directory()).doesNotExist();
        try (Stream<Path> left = Files.list(work.resolve("scans"))) {
            assertThat(left).isEmpty();
        }
        try (PDDocument pdf = Loader.loadPDF(exported.toFile())) {
            assertThat(pdf.getNumberOfPages()).isEqualTo(1);
        }
        doc.wipe(); // twice is harmless
    }
}
