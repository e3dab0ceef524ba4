package vn.p06.kiosk.card;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.sf.scuba.smartcards.CardServiceException;
import org.jmrtd.PassportService;
import org.jmrtd.lds.LDSFileUtil;
import org.jmrtd.lds.SODFile;
import org.jmrtd.lds.icao.COMFile;
import org.jmrtd.lds.icao.DG1File;
import org.jmrtd.lds.icao.MRZInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One read of one chip over an open {@link PassportService}: access control; EF.COM, EF.SOD, DG14 and
 * DG15; the chip challenged ({@link ChipAuthentication}: CA, which also renews the session keys, or
 * AA) before any personal data group is read; then DG1 and DG13 (text first) and the slow face last;
 * then passive authentication and parsing. DG14/DG15 are checked against the SOD before their keys
 * are trusted. It holds the raw files in a {@link ChipFiles} that it wipes itself on every path that
 * does not hand them to a {@link CardSession}.
 */
final class ChipRead {
    private static final Logger LOG = LoggerFactory.getLogger(ChipRead.class);
    /** The groups that name the chip's keys, read before the challenge. */
    private static final int[] KEY_GROUPS = {14, 15};
    /** Read order after the challenge: small text groups first so a pulled card fails fast; DG2 (kilobytes) last. */
    private static final int[] DATA_GROUPS = {1, 13, 2};

    private final PassportService service;
    private final int blockSize;
    private final ReadProgress progress;
    private final ChipFiles files = new ChipFiles();

    ChipRead(PassportService service, int blockSize, ReadProgress progress) {
        this.service = service;
        this.blockSize = blockSize;
        this.progress = progress;
    }

    AccessControl.Protocol open(AccessKey key) throws AccessControl.AccessDenied, CardServiceException {
        progress.onProgress(ReadStep.ACCESS_CONTROL, 0, 0);
        return AccessControl.open(new PassportChip(service), key);
    }

    /**
     * Reads, challenges the chip and verifies: a {@link ReadResult.Read}, or {@code Tampered}/{@code Cloned}/
     * {@code Unsupported} with the files wiped. A {@link CardServiceException} or {@link IOException}
     * means the chip stopped answering.
     */
    ReadResult readAndVerify(ReadRequest request, CscaTrustStore trust, String protocol, long startNanos)
            throws CardServiceException, IOException {
        files.com(readFile(PassportService.EF_COM, ReadStep.EF_COM));
        files.sod(readFile(PassportService.EF_SOD, ReadStep.EF_SOD));
        Set<Integer> signed = signedGroups();
        Set<Integer> present = new LinkedHashSet<>(signed);
        try {
            present.addAll(LDSFileUtil.getDataGroupNumbers(new COMFile(new ByteArrayInputStream(files.com()))));
        } catch (IOException | RuntimeException e) {
            LOG.warn("EF.COM does not parse; using the SOD's list of data groups");
        }
        readGroups(present, KEY_GROUPS, request);
        if (files.dataGroups().containsKey(14) || files.dataGroups().containsKey(15)) {
            // A key from an unsigned or altered DG14/DG15 proves nothing: check them before use.
            PassiveAuth.Result keys = PassiveAuth.verify(files.sod(), files.dataGroups(), trust);
            if (keys.authenticity() == Authenticity.TAMPERED) {
                return tampered(keys, startNanos);
            }
        }
        progress.onProgress(ReadStep.CHIP_AUTHENTICATION, 0, 0);
        ChipAuthentication.Outcome proof = ChipAuthentication.prove(new PassportChip(service), signed,
                files.dataGroup(14), files.dataGroup(15));
        if (proof.proof() == ChipProof.CLONED) {
            LOG.warn("chip failed {}: a copy of a card's data on another chip; nothing is read", proof.method());
            files.wipe();
            return new ReadResult.Cloned(proof.method().word(), millisSince(startNanos));
        }
        readGroups(present, DATA_GROUPS, request);
        return assemble(proof, trust, protocol, startNanos);
    }

    /** The SOD is authoritative: a group it signs is read even if EF.COM forgot it. */
    private Set<Integer> signedGroups() {
        try {
            return new LinkedHashSet<>(new SODFile(new ByteArrayInputStream(files.sod())).getDataGroupHashes().keySet());
        } catch (IOException | RuntimeException e) {
            LOG.warn("EF.SOD does not parse");
            return new LinkedHashSet<>();
        }
    }

    private void readGroups(Set<Integer> present, int[] order, ReadRequest request)
            throws CardServiceException, IOException {
        for (int dg : order) {
            if (!present.contains(dg) || (dg == 2 && !request.face())) {
                continue;
            }
            files.dataGroup(dg, readFile(LDSFileUtil.lookupFIDByDataGroupNumber(dg), step(dg)));
        }
    }

    /** The files read so far, to wipe on failure. */
    ChipFiles files() {
        return files;
    }

    private byte[] readFile(short fid, ReadStep step) throws CardServiceException, IOException {
        progress.onProgress(step, 0, 0);
        try (InputStream in = service.getInputStream(fid, blockSize)) {
            int total = ((net.sf.scuba.smartcards.CardFileInputStream) in).getLength();
            byte[] out = new byte[total];
            int off = 0;
            while (off < total) {
                int n = in.read(out, off, Math.min(blockSize, total - off));
                if (n < 0) {
                    throw new EOFException("file ended early");
                }
                off += n;
                progress.onProgress(step, off, total);
            }
            return out;
        }
    }

    private static ReadStep step(int dg) {
        switch (dg) {
            case 1: return ReadStep.DG1;
            case 2: return ReadStep.DG2;
            case 13: return ReadStep.DG13;
            case 14: return ReadStep.DG14;
            default: return ReadStep.DG15;
        }
    }

    private ReadResult tampered(PassiveAuth.Result pa, long startNanos) {
        LOG.warn("passive authentication failed: {}", pa.detail());
        files.wipe();
        return new ReadResult.Tampered(pa.mismatched(), millisSince(startNanos));
    }

    /** Passive authentication, then parsing; a tampered card yields no data. */
    private ReadResult assemble(ChipAuthentication.Outcome proof, CscaTrustStore trust, String protocol,
                                long startNanos) {
        progress.onProgress(ReadStep.VERIFYING, 0, 0);
        PassiveAuth.Result pa = PassiveAuth.verify(files.sod(), files.dataGroups(), trust);
        if (pa.authenticity() == Authenticity.TAMPERED) {
            return tampered(pa, startNanos);
        }
        if (files.dataGroup(1) == null) {
            files.wipe();
            return new ReadResult.Unsupported("no DG1", millisSince(startNanos));
        }
        MRZInfo mrz;
        try {
            mrz = new DG1File(new ByteArrayInputStream(files.dataGroup(1))).getMRZInfo();
        } catch (IOException | RuntimeException e) {
            files.wipe();
            return new ReadResult.Unsupported("DG1 does not parse", millisSince(startNanos));
        }
        Dg13 dg13 = files.dataGroup(13) == null ? Dg13.empty() : Dg13File.parse(files.dataGroup(13));
        if (!dg13.problems().isEmpty()) {
            LOG.warn("DG13 parsed with {} problems: {}", dg13.problems().size(), dg13.problems());
        }
        FaceImage face = null;
        if (files.dataGroup(2) != null) {
            try {
                face = FaceDecoder.decode(files.dataGroup(2));
            } catch (IOException | RuntimeException e) {
                LOG.warn("DG2 does not parse: {}", e.getClass().getSimpleName());
            }
        }
        List<Integer> groups = new ArrayList<>(files.dataGroups().keySet());
        LOG.info("card read: DG{} {}, chip {} by {} ({}), {} bytes", groups, pa.authenticity(), proof.proof(),
                proof.method(), protocol, files.totalBytes());
        CardSession session = new CardSession(pa.authenticity(), proof, protocol, files, CitizenMapper.map(mrz, dg13),
                face);
        progress.onProgress(ReadStep.DONE, 0, 0);
        return new ReadResult.Read(session, millisSince(startNanos));
    }

    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
