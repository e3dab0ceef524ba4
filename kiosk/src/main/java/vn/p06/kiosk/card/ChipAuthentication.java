package vn.p06.kiosk.card;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import net.sf.scuba.smartcards.CardServiceException;
import org.jmrtd.lds.ActiveAuthenticationInfo;
import org.jmrtd.lds.ChipAuthenticationInfo;
import org.jmrtd.lds.ChipAuthenticationPublicKeyInfo;
import org.jmrtd.lds.icao.DG14File;
import org.jmrtd.lds.icao.DG15File;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Challenges the chip (ICAO 9303 part 11, 6.1 and 6.2): chip authentication when the SOD signs a
 * DG14, else active authentication when it signs a DG15, else nothing to challenge. CA comes first
 * because it also replaces the BAC session keys (weak: derived from the printed MRZ) with keys from
 * an ECDH/DH agreement, and everything read after it travels under them.
 * <p>
 * CA has no answer to check: the chip proves itself by speaking secure messaging with the keys only
 * the holder of DG14's private key can derive, so one protected command right after it decides. AA
 * is a signature over our random challenge, checked by {@link AaSignature}. A chip that fails either
 * while still on the reader is a clone; a chip that stops answering is a lost card, which the
 * caller tells apart ({@link CardServiceException} with no status word propagates).
 */
final class ChipAuthentication {
    private static final Logger LOG = LoggerFactory.getLogger(ChipAuthentication.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    enum Method {
        CA, AA, NONE;

        /** The telemetry word. */
        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    record Outcome(ChipProof proof, Method method) {
        static final Outcome NOT_SUPPORTED = new Outcome(ChipProof.NOT_SUPPORTED, Method.NONE);
    }

    /** The chip operations the proof needs; a seam so the decisions are unit-tested without a chip. */
    interface Chip {
        /** MSE:Set KAT with a fresh terminal key, then secure messaging restarts under the agreed keys. */
        void chipAuthenticate(BigInteger keyId, String oid, String publicKeyOid, PublicKey chipKey)
                throws CardServiceException;

        /** One protected command under the current keys; false when the chip cannot speak them. */
        boolean secureMessagingWorks() throws CardServiceException;

        /** INTERNAL AUTHENTICATE: the chip's signature over {@code challenge}. */
        byte[] internalAuthenticate(PublicKey chipKey, byte[] challenge) throws CardServiceException;
    }

    private ChipAuthentication() {
    }

    /** ICAO order: CA when the SOD signs DG14, else AA when it signs DG15. */
    static Method choose(Set<Integer> signedGroups) {
        if (signedGroups.contains(14)) {
            return Method.CA;
        }
        return signedGroups.contains(15) ? Method.AA : Method.NONE;
    }

    /**
     * @param signedGroups the data groups the SOD lists
     * @param dg14         DG14 as read (null when absent)
     * @param dg15         DG15 as read (null when absent)
     * @throws CardServiceException when the chip stopped answering (a pulled card), not when it refused
     */
    static Outcome prove(Chip chip, Set<Integer> signedGroups, byte[] dg14, byte[] dg15) throws CardServiceException {
        Method method = choose(signedGroups);
        if (method == Method.CA) {
            Optional<CaKey> key = caKey(dg14);
            if (key.isPresent()) {
                return new Outcome(chipAuthenticate(chip, key.get()), Method.CA);
            }
            // A DG14 we cannot use (e.g. only TA/AA infos, an unknown protocol): AA may still work.
            method = signedGroups.contains(15) ? Method.AA : Method.NONE;
        }
        if (method == Method.AA) {
            Optional<PublicKey> key = aaKey(dg15);
            Optional<String> ecdsa = ecdsaOid(dg14);
            if (key.isPresent() && AaSignature.supports(key.get(), ecdsa)) {
                return new Outcome(activeAuthenticate(chip, key.get(), ecdsa), Method.AA);
            }
            LOG.warn("DG15 holds no public key this kiosk can challenge");
        }
        return Outcome.NOT_SUPPORTED;
    }

    private static ChipProof chipAuthenticate(Chip chip, CaKey key) throws CardServiceException {
        try {
            chip.chipAuthenticate(key.keyId(), key.oid(), key.publicKeyOid(), key.publicKey());
            if (chip.secureMessagingWorks()) {
                return ChipProof.GENUINE;
            }
            LOG.warn("chip authentication: the chip does not speak the agreed keys");
        } catch (CardServiceException e) {
            refusedOrLost(e, "chip authentication");
        }
        return ChipProof.CLONED;
    }

    private static ChipProof activeAuthenticate(Chip chip, PublicKey key, Optional<String> ecdsa)
            throws CardServiceException {
        byte[] challenge = new byte[8];
        RANDOM.nextBytes(challenge);
        try {
            if (AaSignature.verify(key, challenge, chip.internalAuthenticate(key, challenge), ecdsa)) {
                return ChipProof.GENUINE;
            }
            LOG.warn("active authentication: the signature is not by the DG15 key");
        } catch (CardServiceException e) {
            refusedOrLost(e, "active authentication");
        }
        return ChipProof.CLONED;
    }

    /** Returns when the chip refused (a status word: it is there and said no); rethrows a lost card. */
    private static void refusedOrLost(CardServiceException e, String step) throws CardServiceException {
        if (e.getSW() == CardServiceException.SW_NONE || CardLoss.isCardLoss(e)) {
            throw e;
        }
        LOG.warn("{}: the chip refused (SW {})", step, Integer.toHexString(e.getSW()));
    }

    record CaKey(BigInteger keyId, String oid, String publicKeyOid, PublicKey publicKey) {
    }

    /** The first CA public key in DG14 with a protocol JMRTD can run (DH or ECDH key agreement, EAC v1). */
    static Optional<CaKey> caKey(byte[] dg14) {
        if (dg14 == null) {
            return Optional.empty();
        }
        DG14File file;
        try {
            file = new DG14File(new ByteArrayInputStream(dg14));
        } catch (IOException | RuntimeException e) {
            LOG.warn("DG14 does not parse: {}", e.getClass().getSimpleName());
            return Optional.empty();
        }
        List<ChipAuthenticationInfo> infos = file.getChipAuthenticationInfos();
        for (ChipAuthenticationPublicKeyInfo pk : file.getChipAuthenticationPublicKeyInfos()) {
            // Pair the key with the CA info of the same key id; without one, JMRTD infers the protocol.
            String oid = infos.stream().filter(i -> sameKeyId(i.getKeyId(), pk.getKeyId()))
                    .map(ChipAuthenticationInfo::getObjectIdentifier).findFirst().orElse(null);
            String agreement = oid == null ? ChipAuthenticationPublicKeyInfo.toKeyAgreementAlgorithm(pk.getObjectIdentifier())
                    : ChipAuthenticationInfo.toKeyAgreementAlgorithm(oid);
            if ("ECDH".equals(agreement) || "DH".equals(agreement)) {
                return Optional.of(new CaKey(pk.getKeyId(), oid, pk.getObjectIdentifier(), pk.getSubjectPublicKey()));
            }
        }
        LOG.warn("DG14 has no chip authentication key this kiosk can use");
        return Optional.empty();
    }

    private static boolean sameKeyId(BigInteger a, BigInteger b) {
        return a == null || b == null || a.equals(b);
    }

    private static Optional<PublicKey> aaKey(byte[] dg15) {
        if (dg15 == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(new DG15File(new ByteArrayInputStream(dg15)).getPublicKey());
        } catch (IOException | RuntimeException e) {
            LOG.warn("DG15 does not parse: {}", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** DG14's ActiveAuthenticationInfo names the ECDSA hash for an EC key in DG15 (9303 part 11, 9.2.6). */
    private static Optional<String> ecdsaOid(byte[] dg14) {
        if (dg14 == null) {
            return Optional.empty();
        }
        try {
            return new DG14File(new ByteArrayInputStream(dg14)).getActiveAuthenticationInfos().stream()
                    .map(ActiveAuthenticationInfo::getSignatureAlgorithmOID).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
