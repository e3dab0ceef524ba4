package vn.p06.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrollmentBundleTest {

    @TempDir
    Path dir;

    private final EnrollmentBundle bundle = new EnrollmentBundle("26734-001", "26734",
            "tcp://127.0.0.1:1883", "26734-001", "s3cret-value", "http://127.0.0.1:8080");

    @Test
    void writtenBundlesReadBackAndAreOwnerOnly() throws Exception {
        Path file = dir.resolve(EnrollmentBundle.fileName("26734-001"));

        bundle.write(file);

        assertThat(EnrollmentBundle.read(file)).isEqualTo(bundle);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void theSecretNeverAppearsInToString() {
        assertThat(bundle.toString()).doesNotContain("s3cret-value").contains("26734-001");
    }

    @Test
    void aBadFieldIsNamed() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, """
                {"kioskId":"26734-001","commune":"26734","mqttUrl":"localhost","mqttUsername":"u",
                 "mqttPassword":"p","fleetUrl":"http://127.0.0.1:8080"}""");

        assertThatThrownBy(() -> EnrollmentBundle.read(file)).hasMessageContaining("mqttUrl");
    }
}
