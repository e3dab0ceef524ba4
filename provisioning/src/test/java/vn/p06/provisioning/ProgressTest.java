package vn.p06.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void onATerminalTheLineIsRedrawnInPlace() {
        StringWriter s = new StringWriter();
        Progress p = new Progress(new PrintWriter(s), 500, true);
        for (int i = 0; i < 37; i++) {
            p.step();
        }
        assertThat(s.toString()).endsWith("\r[          ] 37/500 enrolled");
        for (int i = 37; i < 500; i++) {
            p.step();
        }
        p.finish();
        assertThat(s.toString()).endsWith("\r[==========] 500/500 enrolled" + System.lineSeparator());
    }

    @Test
    void elsewhereOneLinePerTenth() {
        StringWriter s = new StringWriter();
        Progress p = new Progress(new PrintWriter(s), 25, false);
        for (int i = 0; i < 25; i++) {
            p.step();
        }
        p.finish();
        assertThat(s.toString().lines()).hasSize(10).startsWith("[=         ] 3/25 enrolled")
                .endsWith("[==========] 25/25 enrolled");
        assertThat(s.toString()).doesNotContain("\r");
    }
}
