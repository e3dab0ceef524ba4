package vn.p06.kiosk.scan;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * The papers one resident scans in one visit: pages as PNG files in a directory only the kiosk
 * user can read, one PDF of all of them on request, and a copy to where the resident takes it
 * (their USB stick). {@link #wipe()} overwrites every file with zeros before deleting it, and the
 * session calls it at its end, whatever happened: the resident's papers do not stay on the kiosk.
 */
public final class ScannedDocument implements AutoCloseable {
    /** Where visits' pages go unless configured: the machine's temporary directory. */
    public static final Path DEFAULT_ROOT = Path.of(System.getProperty("java.io.tmpdir"), "kiosk-scans");
    private final Path dir;
    private final List<Path> pages = new ArrayList<>();
    private int files;

    private ScannedDocument(Path dir) {
        this.dir = dir;
    }

    /** A new, empty document in a fresh owner-only directory under {@code root}. */
    public static ScannedDocument create(Path root) throws IOException {
        Files.createDirectories(root);
        return new ScannedDocument(Files.createTempDirectory(root, "scan-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
    }

    public synchronized List<Path> pages() {
        return List.copyOf(pages);
    }

    public Path directory() {
        return dir;
    }

    /** Scans the next page; a failed scan leaves the document as it was. */
    public synchronized Path addPage(Scanner scanner) throws ScanException {
        Path page = nextFile();
        scanner.scan(page);
        pages.add(page);
        return page;
    }

    /** Scans page {@code index} again; the old one is kept until the new one is there. */
    public synchronized Path retake(int index, Scanner scanner) throws ScanException, IOException {
        if (index < 0 || index >= pages.size()) {
            throw new IndexOutOfBoundsException("no page " + (index + 1) + " of " + pages.size());
        }
        Path page = nextFile();
        scanner.scan(page);
        shred(pages.set(index, page));
        return page;
    }

    /** All pages as one A4 PDF, in order. */
    public synchronized byte[] pdf() throws IOException {
        if (pages.isEmpty()) {
            throw new IllegalStateException("no page scanned");
        }
        try (PDDocument doc = new PDDocument()) {
            for (Path p : pages) {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                PDImageXObject image = PDImageXObject.createFromFile(p.toString(), doc);
                try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                    content.drawImage(image, 0, 0, PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight());
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /**
     * Writes the PDF to {@code targetDir} (the resident's USB stick) under {@code name}; an existing
     * file there is not overwritten.
     */
    public Path export(Path targetDir, String name) throws IOException {
        if (!name.matches("[A-Za-z0-9_-]{1,64}\\.pdf")) {
            throw new IllegalArgumentException("not a plain PDF file name: " + name);
        }
        Path target = targetDir.resolve(name);
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path partial = targetDir.resolve(name + ".part");
        Files.write(partial, pdf(), StandardOpenOption.CREATE_NEW);
        try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.WRITE)) {
            ch.force(true); // a stick pulled right after "saved" must hold the file
        }
        try {
            Files.move(partial, target); // no REPLACE_EXISTING: never over a file of the resident's
        } catch (IOException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        return target;
    }

    /** Overwrites and deletes every file, then the directory. Safe to call twice. */
    public synchronized void wipe() throws IOException {
        pages.clear();
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.list(dir)) {
            for (Path f : all.toList()) {
                shred(f);
            }
        }
        Files.deleteIfExists(dir);
    }

    @Override
    public void close() throws IOException {
        wipe();
    }

    private Path nextFile() {
        return dir.resolve(String.format("page-%03d.png", ++files));
    }

    private static void shred(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        long size = Files.size(file);
        byte[] zeros = new byte[8192];
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
            for (long left = size; left > 0; left -= zeros.length) {
                out.write(zeros, 0, (int) Math.min(left, zeros.length));
            }
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.delete(file);
    }
}
