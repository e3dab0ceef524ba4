package vn.p06.kiosk.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import net.sf.scuba.smartcards.CardServiceException;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.ISO9796d2Signer;
import org.jmrtd.lds.ActiveAuthenticationInfo;
import org.jmrtd.lds.icao.DG14File;
import org.jmrtd.lds.icao.DG15File;
import org.junit.jupiter.api.Test;

/** The chip-proof decisions without a chip: which protocol, what counts as a clone, what as a lost card. */
class ChipProofTest {
    private static final byte[] CHALLENGE_OF_NO_ONE = new byte[8];

    /** A chip that answers as told and records what it was asked. */
    private static final class FakeChip implements ChipAuthentication.Chip {
        final List<String> calls = new ArrayList<>();
        CardServiceException caFails;
        boolean speaksNewKeys = true;
        KeyPair aaSigner;
        CardServiceException aaFails;

        @Override
        public void chipAuthenticate(BigInteger keyId, String oid, String publicKeyOid, PublicKey chipKey)
                throws CardServiceException {
            calls.add("CA " + oid);
            if (caFails != null) {
                throw caFails;
            }
        }

        @Override
        public boolean secureMessagingWorks() {
            calls.add("SM");
            return speaksNewKeys;
        }

        @Override
        public byte[] internalAuthenticate(PublicKey chipKey, byte[] challenge) throws CardServiceException {
            calls.add("AA");
            if (aaFails != null) {
                throw aaFails;
            }
            return rsaSign(aaSigner, challenge);
        }
    }

    /** What a chip does: ISO/IEC 9796-2 scheme 1, its own random M1, our challenge as M2; SHA-1, implicit trailer. */
    private static byte[] rsaSign(KeyPair keys, byte[] challenge) {
        return rsaSign(keys, challenge, new SHA1Digest(), true);
    }

    private static byte[] rsaSign(KeyPair keys, byte[] challenge, Digest digest, boolean implicitTrailer) {
        RSAPrivateCrtKey k = (RSAPrivateCrtKey) keys.getPrivate();
        ISO9796d2Signer signer = new ISO9796d2Signer(new RSAEngine(), digest, implicitTrailer);
        signer.init(true, new RSAKeyParameters(true, k.getModulus(), k.getPrivateExponent()));
        // M1 fills the block: size - hash - header byte - trailer (1 byte implicit, 2 explicit)
        byte[] m1 = new byte[(k.getModulus().bitLength() + 7) / 8 - digest.getDigestSize() - (implicitTrailer ? 2 : 3)];
        new SecureRandom().nextBytes(m1);
        signer.update(m1, 0, m1.length);
        signer.update(challenge, 0, challenge.length);
        try {
            return signer.generateSignature();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] dg14() throws Exception {
        return cardFile(new TestCard().chipAuthentication(), "DG14.bin");
    }

    private static byte[] dg15() throws Exception {
        return cardFile(new TestCard().activeAuthenticationOnly(), "DG15.bin");
    }

    private static byte[] cardFile(TestCard card, String name) throws Exception {
        Path dir = Files.createTempDirectory("chip-proof");
        try {
            return Files.readAllBytes(card.writeTo(dir).resolve(name));
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void chipAuthenticationIsPreferredThenActiveAuthenticationThenNothing() {
        assertThat(ChipAuthentication.choose(Set.of(1, 2, 13, 14, 15))).isEqualTo(ChipAuthentication.Method.CA);
        assertThat(ChipAuthentication.choose(Set.of(1, 2, 15))).isEqualTo(ChipAuthentication.Method.AA);
        assertThat(ChipAuthentication.choose(Set.of(1, 2, 13))).isEqualTo(ChipAuthentication.Method.NONE);
    }

    @Test
    void aChipThatSpeaksTheAgreedKeysIsGenuine() throws Exception {
        FakeChip chip = new FakeChip();

        ChipAuthentication.Outcome o = ChipAuthentication.prove(chip, Set.of(1, 14, 15), dg14(), dg15());

        assertThat(o).isEqualTo(new ChipAuthentication.Outcome(ChipProof.GENUINE, ChipAuthentication.Method.CA));
        assertThat(chip.calls).containsExactly("CA 0.4.0.127.0.7.2.2.3.2.1", "SM"); // id-CA-ECDH-3DES-CBC-CBC; no AA
    }

    @Test
    void aChipThatCannotSpeakTheAgreedKeysOrRefusesTheKeyIsCloned() throws Exception {
        FakeChip wrongKeys = new FakeChip();
        wrongKeys.speaksNewKeys = false;
        FakeChip refuses = new FakeChip();
        refuses.caFails = new CardServiceException("MSE:Set KAT failed", 0x6A80);

        assertThat(ChipAuthentication.prove(wrongKeys, Set.of(1, 14), dg14(), null).proof()).isEqualTo(ChipProof.CLONED);
        assertThat(ChipAuthentication.prove(refuses, Set.of(1, 14), dg14(), null).proof()).isEqualTo(ChipProof.CLONED);
        assertThat(refuses.calls).doesNotContain("SM");
    }

    @Test
    void aChipThatStopsAnsweringIsALostCardNotAClone() throws Exception {
        FakeChip gone = new FakeChip();
        gone.caFails = new CardServiceException("Card has been removed"); // no status word: transport
        FakeChip goneDuringAa = new FakeChip();
        goneDuringAa.aaFails = new CardServiceException("SCARD_E_NOT_TRANSACTED");

        assertThatThrownBy(() -> ChipAuthentication.prove(gone, Set.of(1, 14), dg14(), null))
                .isInstanceOf(CardServiceException.class);
        assertThatThrownBy(() -> ChipAuthentication.prove(goneDuringAa, Set.of(1, 15), null, dg15()))
                .isInstanceOf(CardServiceException.class);
    }

    @Test
    void activeAuthenticationAcceptsOnlyTheDg15KeysSignatureOverOurChallenge() throws Exception {
        FakeChip genuine = new FakeChip();
        genuine.aaSigner = TestCard.genuineChip().aa();
        FakeChip clone = new FakeChip();
        clone.aaSigner = TestCard.ChipKeys.generate().aa();
        FakeChip refuses = new FakeChip();
        refuses.aaFails = new CardServiceException("INTERNAL AUTHENTICATE failed", 0x6D00);

        assertThat(ChipAuthentication.prove(genuine, Set.of(1, 15), null, dg15()))
                .isEqualTo(new ChipAuthentication.Outcome(ChipProof.GENUINE, ChipAuthentication.Method.AA));
        assertThat(ChipAuthentication.prove(clone, Set.of(1, 15), null, dg15()).proof()).isEqualTo(ChipProof.CLONED);
        assertThat(ChipAuthentication.prove(refuses, Set.of(1, 15), null, dg15()).proof()).isEqualTo(ChipProof.CLONED);
    }

    @Test
    void aDg14WithoutAChipAuthenticationKeyFallsBackToActiveAuthentication() throws Exception {
        byte[] aaOnlyDg14 = new DG14File(List.of(new ActiveAuthenticationInfo(ActiveAuthenticationInfo.ECDSA_PLAIN_SHA256_OID)))
                .getEncoded();
        FakeChip chip = new FakeChip();
        chip.aaSigner = TestCard.genuineChip().aa();

        ChipAuthentication.Outcome o = ChipAuthentication.prove(chip, Set.of(1, 14, 15), aaOnlyDg14, dg15());

        assertThat(o.method()).isEqualTo(ChipAuthentication.Method.AA);
        assertThat(o.proof()).isEqualTo(ChipProof.GENUINE);
        assertThat(chip.calls).containsExactly("AA");
    }

    @Test
    void unreadableKeyGroupsMeanNothingToChallengeRatherThanAClone() throws Exception {
        FakeChip chip = new FakeChip();

        assertThat(ChipAuthentication.prove(chip, Set.of(1, 13), null, null)).isEqualTo(ChipAuthentication.Outcome.NOT_SUPPORTED);
        assertThat(ChipAuthentication.prove(chip, Set.of(1, 14), new byte[] {0x6E, 0x01, 0x00}, null))
                .isEqualTo(ChipAuthentication.Outcome.NOT_SUPPORTED);
        assertThat(chip.calls).isEmpty();
    }

    @Test
    void rsaSignaturesVerifyOnlyWithTheirKeyAndChallenge() throws Exception {
        KeyPair keys = TestCard.genuineChip().aa();
        byte[] challenge = {1, 2, 3, 4, 5, 6, 7, 8};
        byte[] signature = rsaSign(keys, challenge);

        assertThat(AaSignature.verify(keys.getPublic(), challenge, signature, Optional.empty())).isTrue();
        assertThat(AaSignature.verify(keys.getPublic(), CHALLENGE_OF_NO_ONE, signature, Optional.empty())).isFalse();
        assertThat(AaSignature.verify(TestCard.ChipKeys.generate().aa().getPublic(), challenge, signature,
                Optional.empty())).isFalse();
        assertThat(AaSignature.verify(keys.getPublic(), challenge, new byte[256], Optional.empty())).isFalse();
        assertThat(new DG15File(keys.getPublic()).getPublicKey()).isEqualTo(keys.getPublic());
    }

    @Test
    void anExplicitTrailerNamesTheHash() throws Exception {
        KeyPair keys = TestCard.genuineChip().aa();
        byte[] challenge = {1, 2, 3, 4, 5, 6, 7, 8};
        byte[] sha256 = rsaSign(keys, challenge, new SHA256Digest(), false);

        assertThat(AaSignature.verify(keys.getPublic(), challenge, sha256, Optional.empty())).isTrue();
        assertThat(AaSignature.verify(keys.getPublic(), CHALLENGE_OF_NO_ONE, sha256, Optional.empty())).isFalse();
    }

    @Test
    void ecdsaSignaturesFollowTheAlgorithmDg14Names() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", TestCard.bc());
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = g.generateKeyPair();
        byte[] challenge = {8, 7, 6, 5, 4, 3, 2, 1};
        Signature s = Signature.getInstance("SHA256withPLAIN-ECDSA", TestCard.bc());
        s.initSign(keys.getPrivate());
        s.update(challenge);
        byte[] plain = s.sign();
        Optional<String> sha256 = Optional.of(ActiveAuthenticationInfo.ECDSA_PLAIN_SHA256_OID);

        assertThat(AaSignature.supports(keys.getPublic(), Optional.empty())).isFalse();
        assertThat(AaSignature.verify(keys.getPublic(), challenge, plain, sha256)).isTrue();
        assertThat(AaSignature.verify(keys.getPublic(), CHALLENGE_OF_NO_ONE, plain, sha256)).isFalse();
    }
}
