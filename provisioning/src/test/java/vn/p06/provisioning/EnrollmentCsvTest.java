package vn.p06.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnrollmentCsvTest {

    @Test
    void quotedNamesWithCommasQuotesAndLineBreaksKeepTheirLineNumbers() throws UsageError {
        String text = "\uFEFFCommune,Kiosks,Name\r\n"
                + "26734,3,\"Phường Bến Nghé, Quận 1\"\r\n"
                + "\r\n"
                + "26737,1,\"Xã \"\"Mới\"\"\nhai dòng\"\n"
                + "26740 , 2 \n"
                + "26743,2,\"ab\"cd\n"
                + "26746,x,Xã\n"
                + "26749,1000\n"
                + "26752,1,a,b";

        List<EnrollmentCsv.Row> rows = EnrollmentCsv.parse(text, "t.csv");

        assertThat(rows).extracting(EnrollmentCsv.Row::line).containsExactly(2, 4, 6, 7, 8, 9, 10);
        assertThat(rows.get(0)).isEqualTo(new EnrollmentCsv.Row(2, "26734", 3, "Phường Bến Nghé, Quận 1", null));
        assertThat(rows.get(1).name()).isEqualTo("Xã \"Mới\"\nhai dòng");
        assertThat(rows.get(2)).isEqualTo(new EnrollmentCsv.Row(6, "26740", 2, null, null));
        assertThat(rows.get(3).error()).isEqualTo("text after a closing quote");
        assertThat(rows.get(4).error()).contains("whole number");
        assertThat(rows.get(5).error()).contains("0..999");
        assertThat(rows.get(6).error()).isEqualTo("expected 3 columns, found 4");
    }

    @Test
    void brokenFilesAreRefusedAsAWhole() {
        assertThatThrownBy(() -> EnrollmentCsv.parse("id,count\n1,2\n", "t.csv"))
                .isInstanceOf(UsageError.class).hasMessageContaining("header must be commune,kiosks[,name]");
        assertThatThrownBy(() -> EnrollmentCsv.parse("commune,kiosks,name\n26734,1,\"open\n26737,1,x\n", "t.csv"))
                .isInstanceOf(UsageError.class).hasMessageContaining("line 2: quote opened here is never closed");
        assertThatThrownBy(() -> EnrollmentCsv.parse("", "t.csv")).isInstanceOf(UsageError.class);
    }
}
