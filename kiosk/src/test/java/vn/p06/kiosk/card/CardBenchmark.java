package vn.p06.kiosk.card;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * Benchmark (a main, not a test): the kiosk's read of DG1+DG13+SOD (+COM), and the same with DG2,
 * through the real PC/SC stack and our vicc emulator, against the raw APDU floor of the same
 * emulator: plain (unprotected) SELECT + READ BINARY of the same files in the same block size,
 * which vicc's ePass serves without BAC, in short APDUs (223 B) and in the kiosk's own block size.
 * Ours adds the BAC handshake, secure messaging (3DES and
 * MACs on both sides), passive authentication and parsing. The same again on a PACE card: the
 * kiosk then runs PACE (ECDH on P-256, four GENERAL AUTHENTICATE round trips) and AES secure messaging.
 * Last, the cost of the chip proof: the text read on cards without DG14/DG15, with active and with
 * chip authentication.
 * <p>
 * {@code ./mvnw -q -o -pl kiosk test-compile exec:java -Dexec.mainClass=vn.p06.kiosk.card.CardBenchmark
 * -Dexec.classpathScope=test -Dexec.args="30"} (figures in docs/BENCHMARKS.md)
 */
public final class CardBenchmark {
    private static final byte[] AID = {(byte) 0xA0, 0, 0, 2, 0x47, 0x10, 1};
    private static final int BLOCK = 223;

    private CardBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Path dir = Files.createTempDirectory("card-bench");
        Path bacCard = new TestCard().face(240, 320).writeTo(dir.resolve("card"));
        Path paceCard = new TestCard().face(240, 320).pace(TestCard.PACE_P256).writeTo(dir.resolve("pace-card"));
        CscaTrustStore trust = TestCard.trustStore(dir.resolve("csca"));
        try (VirtualCardStack stack = VirtualCardStack.start()) {
            System.out.printf(Locale.ROOT, "runs=%d, text files (COM+SOD+DG1+DG13) %d B, DG2 %d B%n", runs,
                    size(bacCard, "EF_COM.bin", "EF_SOD.bin", "DG1.bin", "DG13.bin"), size(bacCard, "DG2.bin"));
            for (Path card : List.of(bacCard, paceCard)) {
                stack.insert(card);
                measure(card == paceCard ? "PACE" : "BAC", trust, runs);
                stack.pull();
            }
            chipProofCost(stack, dir, trust, runs);
        }
    }

    private static void measure(String access, CscaTrustStore trust, int runs) throws Exception {
        List<Integer> text = List.of(0x011E, 0x011D, 0x0101, 0x010D);
        List<Integer> full = List.of(0x011E, 0x011D, 0x0101, 0x010D, 0x0102);
        for (int block : List.of(BLOCK, PcscCardReader.EXTENDED_BLOCK)) {
            PcscCardReader reader = PcscCardReader.start(
                    PcscCardReader.Config.defaults(trust, (k, a) -> { }).withBlockSize(block));
            for (int i = 0; i < 10; i++) { // warm-up: JIT, class loading, first BC/JCE use
                timeOurs(reader, ReadRequest.FULL, access);
                timeRaw(full, BLOCK);
            }
            List<Double> ourText = new ArrayList<>();
            List<Double> ourFull = new ArrayList<>();
            List<Double> rawText = new ArrayList<>();
            List<Double> rawFull = new ArrayList<>();
            List<Double> rawTextSame = new ArrayList<>();
            List<Double> rawFullSame = new ArrayList<>();
            List<Double> rtt = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                ourText.add(timeOurs(reader, ReadRequest.TEXT_ONLY, access));
                rawText.add(timeRaw(text, BLOCK));
                rawTextSame.add(timeRaw(text, block));
                ourFull.add(timeOurs(reader, ReadRequest.FULL, access));
                rawFull.add(timeRaw(full, BLOCK));
                rawFullSame.add(timeRaw(full, block));
                rtt.add(roundTrip());
            }
            reader.close();
            System.out.printf(Locale.ROOT, "%n== %s card, kiosk block %d B%s; raw APDU round trip (SELECT) median %.3f ms%n",
                    access, block, block > BLOCK ? " (extended length)" : " (short APDUs)", median(rtt));
            row("text", median(ourText), median(rawText), median(rawTextSame), block);
            row("text+DG2", median(ourFull), median(rawFull), median(rawFullSame), block);
        }
    }

    private record ChipCase(String name, String folder, TestCard card) {
    }

    /**
     * What challenging the chip adds, on a card without DG14/DG15, one with DG15 only (AA) and one with
     * DG14+DG15 (CA): the whole text read, and the challenge step alone (from the CHIP_AUTHENTICATION
     * progress event to the DG1 one: the APDUs, both sides' crypto and, for CA, the confirming command),
     * which the machine's load disturbs less than the whole read.
     */
    private static void chipProofCost(VirtualCardStack stack, Path dir, CscaTrustStore trust, int runs)
            throws Exception {
        System.out.printf(Locale.ROOT, "%n== chip proof, kiosk text read, 223 B blocks%n");
        for (ChipCase c : List.of(new ChipCase("none (no DG14/DG15)", "plain", new TestCard()),
                new ChipCase("AA (DG15, RSA 2048, ISO 9796-2)", "aa", new TestCard().activeAuthenticationOnly()),
                new ChipCase("CA (DG14, ECDH P-256, 3DES)", "ca", new TestCard().chipAuthentication()))) {
            stack.pull();
            stack.insert(c.card().writeTo(dir.resolve(c.folder())));
            try (PcscCardReader reader = PcscCardReader.start(PcscCardReader.Config.defaults(trust, (k, a) -> { }))) {
                List<Double> whole = new ArrayList<>();
                List<Double> challenge = new ArrayList<>();
                for (int i = -10; i < runs; i++) { // the first 10: warm-up
                    long[] at = new long[2];
                    ReadProgress stamp = (step, done, total) -> {
                        if (step == ReadStep.CHIP_AUTHENTICATION) {
                            at[0] = System.nanoTime();
                        } else if (step == ReadStep.DG1 && at[1] == 0) {
                            at[1] = System.nanoTime();
                        }
                    };
                    long t0 = System.nanoTime();
                    ReadResult r = reader.read(TestCard.KEY, ReadRequest.TEXT_ONLY, stamp);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    ((ReadResult.Read) r).session().close();
                    if (i >= 0) {
                        whole.add(ms);
                        challenge.add((at[1] - at[0]) / 1e6);
                    }
                }
                System.out.printf(Locale.ROOT, "%-34s read %7.2f ms, challenge step %6.2f ms%n", c.name(),
                        median(whole), median(challenge));
            }
        }
    }

    private static void row(String what, double ours, double rawShort, double rawSame, int block) {
        System.out.printf(Locale.ROOT,
                "%-9s kiosk %7.2f ms | raw plain 223 B blocks %7.2f ms (%.2fx) | raw plain %d B blocks %7.2f ms (%.2fx)%n",
                what, ours, rawShort, ours / rawShort, block, rawSame, ours / rawSame);
    }

    private static long size(Path dir, String... names) throws Exception {
        long n = 0;
        for (String name : names) {
            n += Files.size(dir.resolve(name));
        }
        return n;
    }

    /** One whole kiosk read: connect, BAC or PACE, files, passive authentication, parsing; then wipe. */
    private static double timeOurs(PcscCardReader reader, ReadRequest request, String access) {
        long t0 = System.nanoTime();
        ReadResult r = reader.read(TestCard.KEY, request, ReadProgress.NONE);
        double ms = (System.nanoTime() - t0) / 1e6;
        if (!(r instanceof ReadResult.Read) || !((ReadResult.Read) r).session().accessProtocol().equals(access)) {
            throw new IllegalStateException("benchmark read failed or did not use " + access + ": " + r.outcome());
        }
        ((ReadResult.Read) r).session().close();
        return ms;
    }

    /** The floor: connect, SELECT applet, then per file SELECT + READ BINARY blocks, no security. */
    private static double timeRaw(List<Integer> fids, int block) throws Exception {
        CardTerminal t = VirtualCardStack.terminal().orElseThrow();
        long t0 = System.nanoTime();
        Card c = t.connect("*");
        try {
            CardChannel ch = c.getBasicChannel();
            check(ch.transmit(new CommandAPDU(0x00, 0xA4, 0x04, 0x0C, AID)));
            for (int fid : fids) {
                check(ch.transmit(new CommandAPDU(0x00, 0xA4, 0x02, 0x0C, new byte[] {(byte) (fid >> 8), (byte) fid})));
                ResponseAPDU head = check(ch.transmit(new CommandAPDU(0x00, 0xB0, 0, 0, 8)));
                int total = tlvTotal(head.getData());
                for (int off = 8; off < total; off += block) {
                    check(ch.transmit(new CommandAPDU(0x00, 0xB0, off >> 8, off & 0xFF, Math.min(block, total - off))));
                }
            }
        } finally {
            c.disconnect(false);
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double roundTrip() throws Exception {
        Card c = VirtualCardStack.terminal().orElseThrow().connect("*");
        try {
            CardChannel ch = c.getBasicChannel();
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                long t0 = System.nanoTime();
                check(ch.transmit(new CommandAPDU(0x00, 0xA4, 0x04, 0x0C, AID)));
                times.add((System.nanoTime() - t0) / 1e6);
            }
            return median(times);
        } finally {
            c.disconnect(false);
        }
    }

    private static int tlvTotal(byte[] h) {
        int l = h[1] & 0xFF;
        if (l < 0x80) {
            return 2 + l;
        }
        int n = l & 0x7F;
        int len = 0;
        for (int i = 0; i < n; i++) {
            len = len << 8 | (h[2 + i] & 0xFF);
        }
        return 2 + n + len;
    }

    private static ResponseAPDU check(ResponseAPDU r) {
        if (r.getSW() != 0x9000) {
            throw new IllegalStateException("raw APDU failed: SW " + Integer.toHexString(r.getSW()));
        }
        return r;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
