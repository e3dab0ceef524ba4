package vn.p06.kiosk.card;

import java.util.Locale;
import javax.smartcardio.CardNotPresentException;

/**
 * Recognises "the card is gone" in the many shapes the stack reports it (shared/recipes/card-pcsc.md):
 * {@code IllegalStateException: Card has been removed}, PC/SC codes in {@code CardException},
 * {@code IllegalArgumentException: apdu must be at least 2 bytes} when the card died mid-APDU,
 * {@code SCARD_E_NOT_TRANSACTED} when it died with an APDU in flight,
 * each wrapped in scuba's {@code CardServiceException} or an {@code IOException} from a file stream.
 */
final class CardLoss {
    private CardLoss() {
    }

    static boolean isCardLoss(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CardNotPresentException) {
                return true;
            }
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (m.contains("card has been removed") || m.contains("scard_w_removed_card")
                    || m.contains("scard_e_no_smartcard") || m.contains("scard_w_reset_card")
                    || m.contains("scard_e_reader_unavailable") || m.contains("scard_w_unpowered_card")
                    || m.contains("scard_w_unresponsive_card") || m.contains("scard_e_no_service")
                    || m.contains("apdu must be at least 2 bytes")
                    // The reader's transmit failed mid-APDU: what pcsc-lite says when the card left
                    // during an exchange (seen with vpcd and with CCID contactless readers).
                    || m.contains("scard_e_not_transacted") || m.contains("scard_f_comm_error")
                    || m.contains("scard_e_comm_data_lost") || m.contains("card not present")) {
                return true;
            }
        }
        return false;
    }
}
