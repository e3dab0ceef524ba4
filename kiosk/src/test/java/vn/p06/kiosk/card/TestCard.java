package vn.p06.kiosk.card;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import net.sf.scuba.data.Gender;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jmrtd.lds.ChipAuthenticationInfo;
import org.jmrtd.lds.ChipAuthenticationPublicKeyInfo;
import org.jmrtd.lds.LDSFile;
import org.jmrtd.lds.SecurityInfo;
import org.jmrtd.lds.SODFile;
import org.jmrtd.lds.icao.COMFile;
import org.jmrtd.lds.icao.DG14File;
import org.jmrtd.lds.icao.DG15File;
import org.jmrtd.lds.icao.DG1File;
import org.jmrtd.lds.icao.DG2File;
import org.jmrtd.lds.icao.MRZInfo;
import org.jmrtd.lds.iso19794.FaceImageInfo;
import org.jmrtd.lds.iso19794.FaceInfo;

/**
 * A synthetic CCCD chip made with JMRTD (the project's version of shared/reference/card/GenData):
 * EF.COM, DG1 (TD1 MRZ), DG2 (JPEG face), DG13 (Vietnamese data), EF.SOD signed by a document
 * signer under a test CSCA; on request DG14 (chip authentication, ECDH P-256) and DG15 (active
 * authentication, RSA 2048) with the chip's private keys beside them for the emulator (chip_auth.py).
 * Invented data only. Keys are made once per JVM.
 */
final class TestCard {
    static final String ID_NUMBER = "001185012345";
    static final String DOCUMENT_NUMBER = "185012345";
    static final String FULL_NAME = "Phạm Thị Thử Nghiệm";
    static final String DOB = "850115";
    static final String DOE = "450115";
    static final MrzKey KEY = new MrzKey(DOCUMENT_NUMBER, DOB, DOE);
    /** The card access number printed on the front (PACE cards only). */
    static final String CAN = "468135";
    /** The PACE domain parameters the emulator does: NIST P-256 (ICAO standardized id 12). */
    static final int PACE_P256 = 12;
    /** Strings that must never show up in logs or telemetry. */
    static final List<String> PERSONAL = List.of(ID_NUMBER, DOCUMENT_NUMBER, FULL_NAME, "Thử Nghiệm", "PHAM",
            "NGHIEM", "15/01/1985", "1985-01-15", DOB, "Phạm Văn Bố Giả", "Lê Thị Mẹ Giả", "012345678", CAN);

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static Pki pki;
    private static ChipKeys genuineChip;
    private static ChipKeys otherChip;

    /** CSCA, a document signer under it, and an unrelated CSCA. */
    record Pki(KeyPair cscaKeys, X509Certificate csca, KeyPair dsKeys, X509Certificate ds, X509Certificate otherCsca) {
    }

    static synchronized Pki pki() throws Exception {
        if (pki == null) {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
            kpg.initialize(2048);
            KeyPair csca = kpg.generateKeyPair();
            KeyPair ds = kpg.generateKeyPair();
            KeyPair other = kpg.generateKeyPair();
            X500Name cscaName = new X500Name("CN=Test CSCA,O=P06 Kiosk Tests,C=VN");
            X509Certificate cscaCert = cert(cscaName, cscaName, csca, csca, true);
            X509Certificate dsCert = cert(new X500Name("CN=Test DS,O=P06 Kiosk Tests,C=VN"), cscaName, ds, csca, false);
            X500Name otherName = new X500Name("CN=Other CSCA,O=Elsewhere,C=XX");
            pki = new Pki(csca, cscaCert, ds, dsCert, cert(otherName, otherName, other, other, true));
        }
        return pki;
    }

    /** A chip's private keys: ECDH P-256 for CA (public half in DG14), RSA 2048 for AA (in DG15). */
    record ChipKeys(KeyPair ca, KeyPair aa) {
        static ChipKeys generate() throws Exception {
            // BC's PKCS#8 keeps the public point, which the emulator's pycryptodome 3.11 needs to import it.
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC", BC);
            ec.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            return new ChipKeys(ec.generateKeyPair(), rsa.generateKeyPair());
        }
    }

    /** The keys of the genuine chip, named in every DG14/DG15 made here. */
    static synchronized ChipKeys genuineChip() throws Exception {
        if (genuineChip == null) {
            genuineChip = ChipKeys.generate();
        }
        return genuineChip;
    }

    /** The keys a cloner's blank chip has: the genuine DG14/DG15 name other keys. */
    private static synchronized ChipKeys otherChip() throws Exception {
        if (otherChip == null) {
            otherChip = ChipKeys.generate();
        }
        return otherChip;
    }

    private static X509Certificate cert(X500Name subject, X500Name issuer, KeyPair subjectKeys, KeyPair issuerKeys,
                                        boolean ca) throws Exception {
        Date now = new Date();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.getTime()),
                new Date(now.getTime() - 86_400_000L), new Date(now.getTime() + 3650L * 86_400_000L), subject,
                subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        b.addExtension(Extension.keyUsage, true,
                new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
    }

    private boolean dg13 = true;
    private boolean dg14;
    private boolean dg15;
    private boolean cloned;
    private int tamperDataGroup;
    private int faceWidth = 120;
    private int faceHeight = 160;
    private int paceParameterId;
    private boolean bac = true;
    private int pullAtPaceStep;

    TestCard withoutDg13() {
        dg13 = false;
        return this;
    }

    /** DG14 and DG15 with the chip's keys: the kiosk runs chip authentication (CA is preferred to AA). */
    TestCard chipAuthentication() {
        dg14 = true;
        dg15 = true;
        return this;
    }

    /** DG15 only: the kiosk runs active authentication. */
    TestCard activeAuthenticationOnly() {
        dg15 = true;
        return this;
    }

    /** The genuine DG14/DG15 (hashes match the SOD) on a chip holding other private keys. */
    TestCard cloned() {
        cloned = true;
        return this;
    }

    /** Writes this data group with one byte changed after the SOD was signed over the original. */
    TestCard tamper(int dataGroup) {
        tamperDataGroup = dataGroup;
        return this;
    }

    /** A larger, noisy face so DG2 takes hundreds of APDUs (to pull the card in the middle). */
    TestCard bigFace() {
        faceWidth = 480;
        faceHeight = 640;
        return this;
    }

    /** A face of this size (noise above 200 px wide, so JPEG cannot squeeze it). */
    TestCard face(int width, int height) {
        faceWidth = width;
        faceHeight = height;
        return this;
    }

    /**
     * A chip with EF.CardAccess listing PACE (id-PACE-ECDH-GM-AES-CBC-CMAC-128) with these domain
     * parameters, and a CAN; BAC still works. Only {@link #PACE_P256} runs: another id makes the
     * reader fall back to BAC.
     */
    TestCard pace(int parameterId) {
        paceParameterId = parameterId;
        return this;
    }

    /** A PACE card that refuses BAC, as newer CCCD generations may. */
    TestCard paceOnly() {
        bac = false;
        return pace(PACE_P256);
    }

    /** A PACE card that leaves the reader when GENERAL AUTHENTICATE step {@code step} (1-4) arrives. */
    TestCard pulledDuringPace(int step) {
        pullAtPaceStep = step;
        return pace(PACE_P256);
    }

    /** Writes the emulator's files into {@code dir} and returns it. */
    Path writeTo(Path dir) throws Exception {
        Files.createDirectories(dir);
        MRZInfo mrz = new MRZInfo("ID", "VNM", DOCUMENT_NUMBER, ID_NUMBER, DOB, Gender.FEMALE, DOE, "VNM", "",
                "PHAM", "THI<THU<NGHIEM");
        Map<Integer, byte[]> groups = new TreeMap<>();
        groups.put(1, new DG1File(mrz).getEncoded());
        groups.put(2, dg2(faceWidth, faceHeight));
        if (dg13) {
            groups.put(13, Dg13Bytes.resident().build());
        }
        ChipKeys genuine = genuineChip();
        if (dg14) {
            groups.put(14, new DG14File(List.of(
                    new ChipAuthenticationInfo(SecurityInfo.ID_CA_ECDH_3DES_CBC_CBC, ChipAuthenticationInfo.VERSION_1),
                    new ChipAuthenticationPublicKeyInfo(SecurityInfo.ID_PK_ECDH, genuine.ca().getPublic())))
                    .getEncoded());
        }
        if (dg15) {
            groups.put(15, new DG15File(genuine.aa().getPublic()).getEncoded());
        }
        List<Integer> tags = new ArrayList<>(List.of(LDSFile.EF_DG1_TAG, LDSFile.EF_DG2_TAG));
        if (dg13) {
            tags.add(Dg13File.TAG);
        }
        if (dg14) {
            tags.add(LDSFile.EF_DG14_TAG);
        }
        if (dg15) {
            tags.add(LDSFile.EF_DG15_TAG);
        }
        COMFile com = new COMFile("1.7", "4.0.0", tags.stream().mapToInt(Integer::intValue).toArray());
        Pki p = pki();
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        Map<Integer, byte[]> hashes = new TreeMap<>();
        groups.forEach((n, b) -> hashes.put(n, md.digest(b)));
        SODFile sod = new SODFile("SHA-256", "SHA256withRSA", hashes, p.dsKeys().getPrivate(), p.ds());
        if (tamperDataGroup != 0) {
            byte[] b = groups.get(tamperDataGroup);
            b[b.length - 1] ^= 0x01;
        }
        Files.write(dir.resolve("EF_COM.bin"), com.getEncoded());
        Files.write(dir.resolve("EF_SOD.bin"), sod.getEncoded());
        Files.write(dir.resolve("DG1.bin"), groups.get(1));
        Files.write(dir.resolve("DG2.bin"), groups.get(2));
        if (dg13) {
            Files.write(dir.resolve("DG13.bin"), groups.get(13));
        }
        ChipKeys chip = cloned ? otherChip() : genuine;
        if (dg14) {
            Files.write(dir.resolve("DG14.bin"), groups.get(14));
            Files.write(dir.resolve("ca_key.der"), chip.ca().getPrivate().getEncoded()); // PKCS#8
        }
        if (dg15) {
            Files.write(dir.resolve("DG15.bin"), groups.get(15));
            Files.write(dir.resolve("aa_key.der"), chip.aa().getPrivate().getEncoded());
        }
        String seed = mrz.getDocumentNumber() + MRZInfo.checkDigit(mrz.getDocumentNumber())
                + mrz.getDateOfBirth() + MRZInfo.checkDigit(mrz.getDateOfBirth())
                + mrz.getDateOfExpiry() + MRZInfo.checkDigit(mrz.getDateOfExpiry());
        Files.writeString(dir.resolve("bac_seed.txt"), seed);
        if (paceParameterId != 0) { // read by src/test/card-emulator/pace.py
            Files.writeString(dir.resolve("pace.properties"),
                    "parameter_id=" + paceParameterId + "\nbac=" + (bac ? "yes" : "no")
                            + "\npull_at_step=" + pullAtPaceStep + "\n");
            Files.writeString(dir.resolve("can.txt"), CAN);
        }
        return dir;
    }

    /** The test CSCA as a trust-store directory (the production layout: one file per CSCA). */
    static CscaTrustStore trustStore(Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.write(dir.resolve("test-csca.cer"), pki().csca().getEncoded());
        return CscaTrustStore.load(dir);
    }

    static byte[] jpeg(int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(6);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int noise = w > 200 ? r.nextInt(64) : 0;
                img.setRGB(x, y, ((x * 2 + noise) & 0xFF) << 16 | ((y + noise) & 0xFF) << 8 | 128);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    static byte[] dg2(int w, int h) throws IOException {
        byte[] jpg = jpeg(w, h);
        FaceImageInfo fii = new FaceImageInfo(Gender.FEMALE, FaceImageInfo.EyeColor.UNSPECIFIED, 0,
                FaceImageInfo.HAIR_COLOR_UNSPECIFIED, FaceImageInfo.EXPRESSION_UNSPECIFIED, new int[] {0, 0, 0},
                new int[] {0, 0, 0}, FaceImageInfo.FACE_IMAGE_TYPE_FULL_FRONTAL, FaceImageInfo.IMAGE_COLOR_SPACE_RGB24,
                FaceImageInfo.SOURCE_TYPE_STATIC_PHOTO_DIGITAL_CAM, 0, 0, new FaceImageInfo.FeaturePoint[0], w, h,
                new ByteArrayInputStream(jpg), jpg.length, FaceImageInfo.IMAGE_DATA_TYPE_JPEG);
        return new DG2File(List.of(new FaceInfo(List.of(fii)))).getEncoded();
    }

    static BouncyCastleProvider bc() {
        return BC;
    }
}
