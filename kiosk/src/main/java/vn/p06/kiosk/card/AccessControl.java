package vn.p06.kiosk.card;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.sf.scuba.smartcards.CardServiceException;
import org.jmrtd.lds.CardAccessFile;
import org.jmrtd.lds.PACEInfo;
import org.jmrtd.lds.SecurityInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ICAO 9303 part 11 order: PACE when EF.CardAccess offers it, BAC otherwise or when PACE fails
 * (a chip may list PACE parameters JMRTD cannot do). A chip that refuses the key in PACE also
 * refuses it in BAC, so the BAC failure is what decides "wrong key". A CAN opens only PACE.
 */
final class AccessControl {
    private static final Logger LOG = LoggerFactory.getLogger(AccessControl.class);

    enum Protocol { PACE, BAC }

    /** The key was refused, or cannot work on this chip ({@code unsupported}). */
    static final class AccessDenied extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean unsupported;

        AccessDenied(String message, boolean unsupported, Throwable cause) {
            super(message, cause);
            this.unsupported = unsupported;
        }
    }

    private AccessControl() {
    }

    static Protocol open(ChipAccess chip, AccessKey key) throws AccessDenied, CardServiceException {
        boolean paceRan = false;
        for (PACEInfo info : paceInfos(chip)) {
            if (!runnable(info)) {
                LOG.info("PACE parameters {} are not ones JMRTD can run; skipping", info.getParameterId());
                continue;
            }
            paceRan = true;
            try {
                chip.doPace(key, info);
                chip.selectApplet(true);
                return Protocol.PACE;
            } catch (CardServiceException e) {
                if (CardLoss.isCardLoss(e)) {
                    throw e; // the card left mid-protocol: not a refused key, and BAC would fail the same way
                }
                LOG.info("PACE with {} failed (SW {}), trying the next option", info.getObjectIdentifier(),
                        Integer.toHexString(e.getSW()));
            }
        }
        if (!(key instanceof MrzKey)) {
            throw new AccessDenied(paceRan ? "PACE refused the CAN" : "no PACE this reader can run; a CAN needs PACE",
                    !paceRan, null);
        }
        chip.selectApplet(false);
        try {
            chip.doBac((MrzKey) key);
            return Protocol.BAC;
        } catch (CardServiceException e) {
            throw new AccessDenied("BAC refused (SW " + Integer.toHexString(e.getSW()) + ")", false, e);
        }
    }

    /** What a refused key asks the resident to re-check: the MRZ fields, or (a CAN is one number) none of them. */
    static List<MrzField> fieldsToCheck(AccessKey key) {
        return key instanceof MrzKey ? List.of(MrzField.values()) : List.of();
    }

    /** Standardized domain parameters JMRTD knows (ICAO 9303 part 11 table 6; ids 3-7 are reserved). */
    static boolean runnable(PACEInfo info) {
        if (info.getParameterId() == null) {
            return false; // proprietary parameters would come in a PACEDomainParameterInfo: not supported
        }
        try {
            PACEInfo.toParameterSpec(info.getParameterId());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static List<PACEInfo> paceInfos(ChipAccess chip) throws CardServiceException {
        Optional<byte[]> bytes;
        try {
            bytes = chip.readCardAccess();
        } catch (CardServiceException e) {
            if (e.getSW() == CardServiceException.SW_NONE) {
                throw e; // transport trouble, not "file not found": let the caller see a lost card
            }
            LOG.debug("no EF.CardAccess (SW {}): BAC only", Integer.toHexString(e.getSW()));
            return List.of();
        }
        List<PACEInfo> out = new ArrayList<>();
        if (bytes.isPresent()) {
            try {
                for (SecurityInfo si : new CardAccessFile(new ByteArrayInputStream(bytes.get())).getSecurityInfos()) {
                    if (si instanceof PACEInfo) {
                        out.add((PACEInfo) si);
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("EF.CardAccess does not parse; BAC only");
            }
        }
        return out;
    }
}
