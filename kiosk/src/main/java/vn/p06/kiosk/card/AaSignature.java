package vn.p06.kiosk.card;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.ISO9796d2Signer;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jmrtd.lds.ActiveAuthenticationInfo;

/**
 * Checks an active authentication response (ICAO 9303 part 11, 6.1). JMRTD's {@code doAA} only
 * exchanges the APDU; whether the chip signed our challenge with the DG15 key is decided here.
 * RSA: ISO/IEC 9796-2 scheme 1 with message recovery, SHA-1 and the implicit trailer, where M1
 * (chosen by the chip) is recovered from the signature and M2 is our challenge. ECDSA: the plain
 * (r || s) signature named by DG14's ActiveAuthenticationInfo.
 */
final class AaSignature {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private AaSignature() {
    }

    /** Whether {@link #verify} knows the scheme for this DG15 key. */
    static boolean supports(PublicKey key, Optional<String> ecdsaOid) {
        return key instanceof RSAPublicKey || (key instanceof ECPublicKey && ecdsaOid.isPresent());
    }

    /**
     * @param ecdsaOid the signature algorithm OID from DG14's ActiveAuthenticationInfo (ECDSA keys only)
     * @return true when {@code response} is the DG15 key's signature over {@code challenge}
     */
    static boolean verify(PublicKey key, byte[] challenge, byte[] response, Optional<String> ecdsaOid) {
        if (key instanceof RSAPublicKey) {
            RSAPublicKey rsa = (RSAPublicKey) key;
            ISO9796d2Signer signer = new ISO9796d2Signer(new RSAEngine(), new SHA1Digest(), true);
            signer.init(false, new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent()));
            try {
                signer.updateWithRecoveredMessage(response);
                signer.update(challenge, 0, challenge.length);
                return signer.verifySignature(response);
            } catch (InvalidCipherTextException | RuntimeException e) {
                return false; // not a signature block for this key: what a wrong key produces
            }
        }
        if (key instanceof ECPublicKey && ecdsaOid.isPresent()) {
            try {
                // JMRTD names the algorithm "SHA256withECDSA"; 9303 sends r || s, which BC calls PLAIN-ECDSA.
                String name = ActiveAuthenticationInfo.lookupMnemonicByOID(ecdsaOid.get()).replace("ECDSA", "PLAIN-ECDSA");
                Signature s = Signature.getInstance(name, BC);
                s.initVerify(key);
                s.update(challenge);
                return s.verify(response);
            } catch (GeneralSecurityException | RuntimeException e) {
                return false;
            }
        }
        throw new IllegalArgumentException("no active authentication scheme for a " + key.getAlgorithm() + " key");
    }
}
