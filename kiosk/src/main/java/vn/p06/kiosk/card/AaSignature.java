package vn.p06.kiosk.card;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA224Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.ISO9796d2Signer;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jmrtd.lds.ActiveAuthenticationInfo;

/**
 * Checks an active authentication response (ICAO 9303 part 11, 6.1). JMRTD's {@code doAA} only
 * exchanges the APDU; whether the chip signed our challenge with the DG15 key is decided here.
 * RSA: ISO/IEC 9796-2 scheme 1 with message recovery, where M1 (chosen by the chip) is recovered
 * from the signature and M2 is our challenge; SHA-1 with the implicit trailer, or the hash an
 * explicit trailer names. ECDSA: the plain
 * (r || s) signature named by DG14's ActiveAuthenticationInfo.
 */
final class AaSignature {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private AaSignature() {
    }

    /**
     * The hash ISO/IEC 9796-2 names in the trailer of the recovered block: 0xBC (implicit, SHA-1) or
     * 0x??CC with the ISO/IEC 10118-3 hash identifier ?? (9303 part 11, 6.1 allows both).
     */
    private static Optional<Digest> digestOfTrailer(RSAKeyParameters key, byte[] response) {
        RSAEngine rsa = new RSAEngine();
        rsa.init(false, key);
        byte[] block = rsa.processBlock(response, 0, response.length);
        int last = block[block.length - 1] & 0xFF;
        if (last == 0xBC) {
            return Optional.of(new SHA1Digest());
        }
        if (last != 0xCC || block.length < 2) {
            return Optional.empty();
        }
        switch (block[block.length - 2] & 0xFF) {
            case 0x33: return Optional.of(new SHA1Digest());
            case 0x34: return Optional.of(new SHA256Digest());
            case 0x35: return Optional.of(new SHA512Digest());
            case 0x36: return Optional.of(new SHA384Digest());
            case 0x38: return Optional.of(new SHA224Digest());
            default: return Optional.empty();
        }
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
            RSAKeyParameters rsa = new RSAKeyParameters(false, ((RSAPublicKey) key).getModulus(),
                    ((RSAPublicKey) key).getPublicExponent());
            try {
                Optional<Digest> digest = digestOfTrailer(rsa, response);
                if (digest.isEmpty()) {
                    return false;
                }
                // Implicit trailer (0xBC) means SHA-1; an explicit one names its hash, which the signer checks.
                ISO9796d2Signer signer = new ISO9796d2Signer(new RSAEngine(), digest.get(), digest.get() instanceof SHA1Digest);
                signer.init(false, rsa);
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
