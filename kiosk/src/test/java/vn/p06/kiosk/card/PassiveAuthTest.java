package vn.p06.kiosk.card;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Passive authentication on JMRTD-made files, without a reader. */
class PassiveAuthTest {
    @TempDir
    Path tmp;

    @Test
    void verifiedChainUnknownAndTampered() throws Exception {
        Path card = new TestCard().writeTo(tmp.resolve("card"));
        byte[] sod = Files.readAllBytes(card.resolve("EF_SOD.bin"));
        Map<Integer, byte[]> dgs = Map.of(1, Files.readAllBytes(card.resolve("DG1.bin")),
                13, Files.readAllBytes(card.resolve("DG13.bin")));
        CscaTrustStore trusted = TestCard.trustStore(tmp.resolve("csca"));
        assertThat(trusted.size()).isEqualTo(1);

        assertThat(PassiveAuth.verify(sod, dgs, trusted).authenticity()).isEqualTo(Authenticity.VERIFIED);
        assertThat(PassiveAuth.verify(sod, dgs, CscaTrustStore.empty()).authenticity())
                .isEqualTo(Authenticity.CHAIN_UNKNOWN);
        assertThat(PassiveAuth.verify(sod, dgs, CscaTrustStore.of(List.of(TestCard.pki().otherCsca())))
                .authenticity()).isEqualTo(Authenticity.CHAIN_UNKNOWN);

        byte[] changed = dgs.get(13).clone();
        changed[changed.length - 2] ^= 0x20;
        PassiveAuth.Result r = PassiveAuth.verify(sod, Map.of(1, dgs.get(1), 13, changed), trusted);
        assertThat(r.authenticity()).isEqualTo(Authenticity.TAMPERED);
        assertThat(r.mismatched()).containsExactly(13);
    }

    @Test
    void aDataGroupTheSodDoesNotSignIsTampered() throws Exception {
        Path card = new TestCard().withoutDg13().writeTo(tmp.resolve("card"));
        byte[] sod = Files.readAllBytes(card.resolve("EF_SOD.bin"));
        PassiveAuth.Result r = PassiveAuth.verify(sod, Map.of(1, Files.readAllBytes(card.resolve("DG1.bin")),
                13, Dg13Bytes.resident().build()), TestCard.trustStore(tmp.resolve("csca")));
        assertThat(r.authenticity()).isEqualTo(Authenticity.TAMPERED);
        assertThat(r.mismatched()).containsExactly(13);
    }

    @Test
    void aBrokenSodSignatureIsTampered() throws Exception {
        Path card = new TestCard().writeTo(tmp.resolve("card"));
        byte[] sod = Files.readAllBytes(card.resolve("EF_SOD.bin"));
        // The RSA signature is the last OCTET STRING of the SignerInfo, at the end of the file.
        sod[sod.length - 10] ^= 0x01;
        PassiveAuth.Result r = PassiveAuth.verify(sod, Map.of(1, Files.readAllBytes(card.resolve("DG1.bin"))),
                TestCard.trustStore(tmp.resolve("csca")));
        assertThat(r.authenticity()).isEqualTo(Authenticity.TAMPERED);
        assertThat(PassiveAuth.verify(new byte[] {0x77, 0x01, 0x00}, Map.of(), CscaTrustStore.empty()).authenticity())
                .isEqualTo(Authenticity.TAMPERED);
    }

    @Test
    void trustStoreLoadsPemAndDerFilesFromADirectory() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("trust"));
        Files.write(dir.resolve("a.cer"), TestCard.pki().csca().getEncoded());
        Files.writeString(dir.resolve("b.pem"), "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(TestCard.pki().otherCsca().getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        Files.writeString(dir.resolve("README.txt"), "not a certificate");
        assertThat(CscaTrustStore.load(dir).size()).isEqualTo(2);
        assertThat(CscaTrustStore.load(dir.resolve("a.cer")).size()).isEqualTo(1);
    }
}
