package vn.p06.kiosk.card;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.sf.scuba.tlv.TLVInputStream;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.jmrtd.lds.SODFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ICAO 9303 part 11 passive authentication: every data group read hashes to the value in EF.SOD,
 * the SOD's CMS signature verifies with the document signer certificate it carries, and that
 * certificate is signed by a CSCA in the trust store. A data group read but absent from the SOD
 * counts as tampered: unsigned data is not card data.
 * <p>
 * The chain check is one signature step (DS under CSCA, issuer name match), as in 9303; the DS
 * validity period is not enforced, because a ten-year card outlives its signer's private-key use
 * period by design. No CRL check yet (the master list/CRL distribution is a deployment question).
 */
final class PassiveAuth {
    private static final Logger LOG = LoggerFactory.getLogger(PassiveAuth.class);
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    record Result(Authenticity authenticity, List<Integer> mismatched, String detail) {
    }

    private PassiveAuth() {
    }

    static Result verify(byte[] sodBytes, Map<Integer, byte[]> dataGroups, CscaTrustStore trust) {
        SODFile sod;
        try {
            sod = new SODFile(new ByteArrayInputStream(sodBytes));
        } catch (IOException | RuntimeException e) {
            return new Result(Authenticity.TAMPERED, List.of(), "EF.SOD does not parse");
        }
        List<Integer> bad = new ArrayList<>();
        try {
            MessageDigest md = MessageDigest.getInstance(sod.getDigestAlgorithm(), BC);
            Map<Integer, byte[]> expected = sod.getDataGroupHashes();
            for (Map.Entry<Integer, byte[]> dg : dataGroups.entrySet()) {
                byte[] want = expected.get(dg.getKey());
                if (want == null || !MessageDigest.isEqual(want, md.digest(dg.getValue()))) {
                    bad.add(dg.getKey());
                }
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            return new Result(Authenticity.TAMPERED, List.of(), "SOD digest algorithm unusable");
        }
        if (!bad.isEmpty()) {
            return new Result(Authenticity.TAMPERED, bad, "hash mismatch in DG" + bad);
        }
        X509Certificate ds = sod.getDocSigningCertificate();
        if (ds == null) {
            return new Result(Authenticity.TAMPERED, List.of(), "no document signer certificate in SOD");
        }
        if (!signatureValid(sodBytes, ds)) {
            return new Result(Authenticity.TAMPERED, List.of(), "SOD signature does not verify");
        }
        for (X509Certificate csca : trust.anchors()) {
            if (!csca.getSubjectX500Principal().equals(ds.getIssuerX500Principal())) {
                continue;
            }
            try {
                ds.verify(csca.getPublicKey(), BC);
                return new Result(Authenticity.VERIFIED, List.of(), "chains to " + csca.getSubjectX500Principal());
            } catch (GeneralSecurityException | RuntimeException e) {
                LOG.debug("DS not signed by a CSCA of the same name: {}", e.getClass().getSimpleName());
            }
        }
        return new Result(Authenticity.CHAIN_UNKNOWN, List.of(), "no trusted CSCA for " + ds.getIssuerX500Principal());
    }

    private static boolean signatureValid(byte[] sodBytes, X509Certificate ds) {
        try {
            // EF.SOD is tag 0x77 around a CMS SignedData.
            TLVInputStream tlv = new TLVInputStream(new ByteArrayInputStream(sodBytes));
            tlv.readTag();
            tlv.readLength();
            CMSSignedData cms = new CMSSignedData(tlv.readValue());
            List<SignerInformation> signers = new ArrayList<>(cms.getSignerInfos().getSigners());
            if (signers.size() != 1) {
                return false;
            }
            return signers.get(0).verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(ds));
        } catch (IOException | CMSException | OperatorCreationException | RuntimeException e) {
            LOG.debug("SOD signature check failed: {}", e.getClass().getSimpleName());
            return false;
        }
    }
}
