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
 * One read of one chip over an open {@link PassportService}: access control, then EF.COM, EF.SOD
 * and the data groups (text first, the slow face last), then passive authentication and parsing.
 * It holds the raw files in a {@link ChipFiles} that it wipes itself on every path that does not
 * hand them to a {@link CardSession}.
 */
final class ChipRead {
    private static final Logger LOG = LoggerFactory.getLogger(ChipRead.class);
    /** Read order: small text groups first so a pulled card fails fast; DG2 (kilobytes) last. */
    private static final int[] ORDER = {1, 13, 14, 15, 2};

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

    /** Reads the files; a {@link CardServiceException} or {@link IOException} means the chip stopped answering. */
    ChipFiles readFiles(ReadRequest request) throws CardServiceException, IOException {
        files.com(readFile(PassportService.EF_COM, ReadStep.EF_COM));
        files.sod(readFile(PassportService.EF_SOD, ReadStep.EF_SOD));
        Set<Integer> present = new LinkedHashSet<>();
        try {
            present.addAll(LDSFileUtil.getDataGroupNumbers(new COMFile(new ByteArrayInputStream(files.com()))));
        } catch (IOException | RuntimeException e) {
            LOG.warn("EF.COM does not parse; using the SOD's list of data groups");
        }
        try {
            // The SOD is authoritative: a group it signs is read even if EF.COM forgot it.
            present.addAll(new SODFile(new ByteArrayInputStream(files.sod())).getDataGroupHashes().keySet());
        } catch (IOException | RuntimeException e) {
            LOG.warn("EF.SOD does not parse");
        }
        for (int dg : ORDER) {
            if (!present.contains(dg) || (dg == 2 && !request.face())) {
                continue;
            }
            files.dataGroup(dg, readFile(LDSFileUtil.lookupFIDByDataGroupNumber(dg), step(dg)));
        }
        return files;
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

    /** Passive authentication, then parsing; a tampered card yields no data. */
    static ReadResult assemble(ChipFiles files, CscaTrustStore trust, String protocol, long startNanos,
                               ReadProgress progress) {
        progress.onProgress(ReadStep.VERIFYING, 0, 0);
        PassiveAuth.Result pa = PassiveAuth.verify(files.sod(), files.dataGroups(), trust);
        if (pa.authenticity() == Authenticity.TAMPERED) {
            LOG.warn("passive authentication failed: {}", pa.detail());
            files.wipe();
            return new ReadResult.Tampered(pa.mismatched(), millisSince(startNanos));
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
        LOG.info("card read: DG{} {} ({}), {} bytes", groups, pa.authenticity(), protocol, files.totalBytes());
        CardSession session = new CardSession(pa.authenticity(), protocol, files, CitizenMapper.map(mrz, dg13), face);
        progress.onProgress(ReadStep.DONE, 0, 0);
        return new ReadResult.Read(session, millisSince(startNanos));
    }

    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
