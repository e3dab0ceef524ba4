package vn.p06.protocol.tls;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import vn.p06.protocol.Topics;

/**
 * A kiosk's TLS key, made where it is used (provisioning, or the kiosk when it renews): the private
 * key never travels, only a certificate request signed with it (which proves possession).
 */
public final class KioskKeys {
    /** The fleet's one key type: NIST P-256, small and fast on a Pi, understood by every TLS stack. */
    public static final String CURVE = "secp256r1";
    public static final String SIGNATURE = "SHA256withECDSA";

    /** @param privateKeyPem PKCS#8 PEM, kept by the kiosk only; @param requestPem PKCS#10 PEM, CN = kiosk id */
    public record KeyAndRequest(String privateKeyPem, String requestPem) {
        @Override
        public String toString() {
            return "KeyAndRequest[request only]";
        }
    }

    private KioskKeys() {
    }

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(CURVE));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 has EC P-256", e);
        }
    }

    public static X500Name subject(String kioskId) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, Topics.requireValidKioskId(kioskId)).build();
    }

    /** A fresh key pair and a certificate request for {@code CN=<kioskId>} signed with it. */
    public static KeyAndRequest newRequest(String kioskId) {
        KeyPair pair = newKeyPair();
        try {
            var request = new JcaPKCS10CertificationRequestBuilder(subject(kioskId), pair.getPublic())
                    .build(new JcaContentSignerBuilder(SIGNATURE).build(pair.getPrivate()));
            return new KeyAndRequest(Pem.encodePrivateKey(pair.getPrivate()), Pem.encode(request));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with " + SIGNATURE, e);
        }
    }
}
