package vn.p06.protocol.content;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * The fleet server's Ed25519 content key. The JDK (15+) implements Ed25519 itself, so neither side
 * needs a crypto library for it. Public keys travel as Base64 of the X.509 SubjectPublicKeyInfo
 * (what enrollment pins in the kiosk); the private key stays on the server as a PKCS#8 file.
 */
public final class ContentKey {
    private static final String ALGORITHM = "Ed25519";

    private ContentKey() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    public static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(data);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
    }

    /** False for a wrong signature, a signature of other bytes or garbage; never throws for bad input. */
    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public static String encodePublicKey(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** @throws IllegalArgumentException naming what is wrong when the text is not an Ed25519 public key */
    public static PublicKey decodePublicKey(String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalArgumentException("content public key is missing");
        }
        try {
            return KeyFactory.getInstance(ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64.strip())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("content public key is not a Base64 Ed25519 key: " + e.getMessage(), e);
        }
    }

    /**
     * Loads the server's key pair from {@code file}, creating it (owner-only) on first use. The file
     * holds two Base64 lines, PKCS#8 private key then X.509 public key: the JDK cannot derive an
     * Ed25519 public key from a private one, so both are kept.
     */
    public static KeyPair loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
            if (lines.size() != 2) {
                throw new IOException(file + ": expected 2 lines (private key, public key), found " + lines.size());
            }
            try {
                PrivateKey priv = KeyFactory.getInstance(ALGORITHM)
                        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines.get(0))));
                PublicKey pub = decodePublicKey(lines.get(1));
                byte[] probe = "content-key-check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                if (!verify(pub, probe, sign(priv, probe))) {
                    throw new IOException(file + ": the public key does not belong to the private key");
                }
                return new KeyPair(pub, priv);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IOException(file + " is not an Ed25519 key pair: " + e.getMessage(), e);
            }
        }
        KeyPair pair = generate();
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".content-key", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Base64.Encoder b64 = Base64.getEncoder();
            Files.writeString(tmp, b64.encodeToString(pair.getPrivate().getEncoded()) + "\n"
                    + encodePublicKey(pair.getPublic()) + "\n");
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return pair;
    }
}
