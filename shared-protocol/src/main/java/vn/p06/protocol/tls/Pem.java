package vn.p06.protocol.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * PEM text of keys, certificates and certificate requests: the form they take in enrollment
 * bundles, HTTP bodies and files, because it is what OpenSSL and Mosquitto read too. Every reader
 * throws {@link IllegalArgumentException} with what was expected when the text is not that.
 */
public final class Pem {

    private Pem() {
    }

    /** A certificate or certificate request as PEM. */
    public static String encode(Object certificateOrRequest) {
        return write(certificateOrRequest);
    }

    /** A private key as unencrypted PKCS#8 PEM ("PRIVATE KEY"), which OpenSSL and Mosquitto read. */
    public static String encodePrivateKey(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null).generate());
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalArgumentException("cannot encode private key: " + e.getMessage(), e);
        }
    }

    public static X509Certificate certificate(String pem) {
        List<X509Certificate> chain = certificates(pem);
        if (chain.size() != 1) {
            throw new IllegalArgumentException("expected one PEM certificate, found " + chain.size());
        }
        return chain.get(0);
    }

    public static List<X509Certificate> certificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object object : objects(pem)) {
            if (!(object instanceof X509CertificateHolder holder)) {
                throw new IllegalArgumentException("expected PEM certificates, found " + object.getClass().getSimpleName());
            }
            try {
                certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
            } catch (CertificateException e) {
                throw new IllegalArgumentException("unreadable certificate: " + e.getMessage(), e);
            }
        }
        return List.copyOf(certificates);
    }

    public static PrivateKey privateKey(String pem) {
        Object object = single(pem, "private key");
        try {
            if (object instanceof PrivateKeyInfo info) {
                return new JcaPEMKeyConverter().getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return new JcaPEMKeyConverter().getPrivateKey(pair.getPrivateKeyInfo());
            }
        } catch (org.bouncycastle.openssl.PEMException e) {
            throw new IllegalArgumentException("unreadable private key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("expected a PEM private key, found " + object.getClass().getSimpleName());
    }

    public static PKCS10CertificationRequest certificationRequest(String pem) {
        Object object = single(pem, "certificate request");
        if (object instanceof PKCS10CertificationRequest request) {
            return request;
        }
        throw new IllegalArgumentException("expected a PEM certificate request, found " + object.getClass().getSimpleName());
    }

    private static Object single(String pem, String what) {
        List<Object> objects = objects(pem);
        if (objects.size() != 1) {
            throw new IllegalArgumentException("expected one PEM " + what + ", found " + objects.size() + " PEM objects");
        }
        return objects.get(0);
    }

    private static List<Object> objects(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("no PEM text");
        }
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not valid PEM: " + e.getMessage(), e);
        }
        return objects;
    }

    private static String write(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
