package vn.p06.kiosk.print;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The TrueType files printed text is set in. Noto Sans covers every Vietnamese letter (precomposed
 * tone marks included); Debian's {@code fonts-noto-core} installs it on the Pi image and in CI, so
 * the repository carries no font file. PDFs embed only the subset of glyphs they use.
 *
 * @param regular body text
 * @param bold    headings
 */
public record PdfFonts(Path regular, Path bold) {
    /** Where {@code fonts-noto-core} puts Noto Sans. */
    public static final Path NOTO_DIR = Path.of("/usr/share/fonts/truetype/noto");

    /** Noto Sans Regular and Bold from {@code dir}. */
    public static PdfFonts noto(Path dir) {
        return new PdfFonts(dir.resolve("NotoSans-Regular.ttf"), dir.resolve("NotoSans-Bold.ttf"));
    }

    /** Noto Sans where Debian installs it. */
    public static PdfFonts noto() {
        return noto(NOTO_DIR);
    }

    /** Fails at start-up with the missing path, not at the first print in front of a resident. */
    public PdfFonts checked() throws IOException {
        for (Path p : new Path[]{regular, bold}) {
            if (!Files.isReadable(p)) {
                throw new IOException("font file " + p + " not readable (install fonts-noto-core, or point --font-dir at Noto Sans)");
            }
        }
        return this;
    }
}
