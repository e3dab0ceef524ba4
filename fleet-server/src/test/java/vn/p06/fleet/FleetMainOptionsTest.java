package vn.p06.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The TLS switches mean what they say (picocli inverts negatable options whose default is true). */
class FleetMainOptionsTest {

    private static FleetMain parse(String... args) {
        FleetMain main = new FleetMain();
        new CommandLine(main).parseArgs(args);
        return main;
    }

    @Test
    void tlsIsOffUnlessAskedForAndThenServesHttpsUnlessTold() {
        FleetMain plain = parse();
        assertThat(plain.tls).isFalse();

        FleetMain tls = parse("--tls", "--server-hosts", "fleet.example.vn,10.0.0.5");
        assertThat(tls.tls).isTrue();
        assertThat(tls.noHttps).isFalse();
        assertThat(tls.mqttsPort).isEqualTo(8883);
        assertThat(tls.serverHosts).containsExactly("fleet.example.vn", "10.0.0.5");

        assertThat(parse("--tls", "--no-https").noHttps).isTrue();
    }
}
