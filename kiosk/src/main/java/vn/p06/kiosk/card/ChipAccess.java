package vn.p06.kiosk.card;

import java.util.Optional;
import net.sf.scuba.smartcards.CardServiceException;
import org.jmrtd.lds.PACEInfo;

/** The chip operations access control needs; a seam so the PACE/BAC order is unit-tested without a chip. */
interface ChipAccess {

    /** EF.CardAccess (in the MF, before selecting the applet); empty when the chip has none. */
    Optional<byte[]> readCardAccess() throws CardServiceException;

    void doPace(AccessKey key, PACEInfo info) throws CardServiceException;

    void selectApplet(boolean afterPace) throws CardServiceException;

    void doBac(MrzKey key) throws CardServiceException;
}
