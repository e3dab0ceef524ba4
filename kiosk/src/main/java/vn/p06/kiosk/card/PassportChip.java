package vn.p06.kiosk.card;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.PublicKey;
import java.util.Optional;
import net.sf.scuba.smartcards.CardServiceException;
import net.sf.scuba.smartcards.CommandAPDU;
import net.sf.scuba.smartcards.ISO7816;
import net.sf.scuba.smartcards.ResponseAPDU;
import org.jmrtd.AccessKeySpec;
import org.jmrtd.BACKey;
import org.jmrtd.PACEKeySpec;
import org.jmrtd.PassportService;
import org.jmrtd.lds.PACEInfo;
import org.jmrtd.protocol.SecureMessagingWrapper;

/** {@link ChipAccess} and {@link ChipAuthentication.Chip} over a JMRTD {@link PassportService}. */
final class PassportChip implements ChipAccess, ChipAuthentication.Chip {
    /** SELECT EF.COM (by file id, no FCI): a harmless command whose protected answer proves the keys. */
    private static final CommandAPDU SELECT_COM = new CommandAPDU(ISO7816.CLA_ISO7816, ISO7816.INS_SELECT_FILE,
            0x02, 0x0C, new byte[] {0x01, 0x1E});
    private static final int SW_OK = 0x9000;

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

    @Override
    public void chipAuthenticate(BigInteger keyId, String oid, String publicKeyOid, PublicKey chipKey)
            throws CardServiceException {
        service.doEACCA(keyId, oid, publicKeyOid, chipKey);
    }

    @Override
    public boolean secureMessagingWorks() throws CardServiceException {
        SecureMessagingWrapper wrapper = service.getWrapper();
        ResponseAPDU response = service.transmit(wrapper.wrap(SELECT_COM));
        if (response.getSW() != SW_OK) {
            return false; // an SM error comes back unprotected: the chip could not check our MAC
        }
        try {
            return wrapper.unwrap(response).getSW() == SW_OK;
        } catch (RuntimeException e) {
            return false; // the chip's MAC is wrong: it derived other keys
        }
    }

    @Override
    public byte[] internalAuthenticate(PublicKey chipKey, byte[] challenge) throws CardServiceException {
        // JMRTD only carries the algorithm names into its result; AaSignature decides the scheme.
        return service.doAA(chipKey, null, null, challenge).getResponse();
    }
}
