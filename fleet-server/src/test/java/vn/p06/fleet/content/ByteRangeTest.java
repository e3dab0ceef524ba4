package vn.p06.fleet.content;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void readsTheThreeFormsOfOneRange() {
        assertThat(ByteRange.parse("bytes=10-19", 100)).isEqualTo(new ByteRange(10, 19, true, false));
        assertThat(ByteRange.parse("bytes=90-", 100)).isEqualTo(new ByteRange(90, 99, true, false));
        assertThat(ByteRange.parse("bytes=-5", 100)).isEqualTo(new ByteRange(95, 99, true, false));
        assertThat(ByteRange.parse("bytes=90-500", 100)).isEqualTo(new ByteRange(90, 99, true, false));
    }

    @Test
    void whatItDoesNotReadIsTheWholeFileAndPastTheEndIsUnsatisfiable() {
        assertThat(ByteRange.parse(null, 100).partial()).isFalse();
        assertThat(ByteRange.parse("bytes=0-1,5-6", 100).partial()).isFalse();
        assertThat(ByteRange.parse("items=1-2", 100).partial()).isFalse();
        assertThat(ByteRange.parse("bytes=x-y", 100).partial()).isFalse();
        assertThat(ByteRange.parse("bytes=20-10", 100).partial()).isFalse();
        assertThat(ByteRange.parse("bytes=100-", 100).unsatisfiable()).isTrue();
        assertThat(ByteRange.parse("bytes=-0", 100).unsatisfiable()).isTrue();
    }
}
