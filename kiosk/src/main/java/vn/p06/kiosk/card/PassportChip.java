package vn.p06.kiosk.card;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import net.sf.scuba.smartcards.CardServiceException;
import org.jmrtd.AccessKeySpec;
import org.jmrtd.BACKey;
import org.jmrtd.PACEKeySpec;
import org.jmrtd.PassportService;
import org.jmrtd.lds.PACEInfo;

/** {@link ChipAccess} over a JMRTD {@link PassportService}. */
final class PassportChip implements ChipAccess {
    private final PassportService service;

    PassportChip(PassportService service) {
        this.service = service;
    }

    @Override
    public Optional<byte[]> readCardAccess() throws CardServiceException {
        try {
            // A card left on the reader keeps the applet of the last read selected, and EF.CardAccess
            // lives in the MF: without this a second read on the same card would find no PACE.
            service.sendSelectMF();
        } catch (CardServiceException e) {
            if (e.getSW() == CardServiceException.SW_NONE || CardLoss.isCardLoss(e)) {
                throw e;
            }
            // Some chips refuse SELECT MF; right after power-up the MF is current anyway.
        }
        try (InputStream in = service.getInputStream(PassportService.EF_CARD_ACCESS, PassportService.DEFAULT_MAX_BLOCKSIZE)) {
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new CardServiceException("EF.CardAccess read failed", e);
        }
    }

    @Override
    public void doPace(AccessKey key, PACEInfo info) throws CardServiceException {
        AccessKeySpec spec = key instanceof CanKey
                ? PACEKeySpec.createCANKey(((CanKey) key).can())
                : bacKey((MrzKey) key);
        service.doPACE(spec, info.getObjectIdentifier(), PACEInfo.toParameterSpec(info.getParameterId()),
                info.getParameterId());
    }

    @Override
    public void selectApplet(boolean afterPace) throws CardServiceException {
        service.sendSelectApplet(afterPace);
    }

    @Override
    public void doBac(MrzKey key) throws CardServiceException {
        service.doBAC(bacKey(key));
    }

    private static BACKey bacKey(MrzKey key) {
        return new BACKey(key.documentNumber(), key.dateOfBirth(), key.dateOfExpiry());
    }
}
