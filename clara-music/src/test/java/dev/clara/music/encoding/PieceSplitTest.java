package dev.clara.music.encoding;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PieceSplitTest {

    @Test
    void holdsOutAboutOnePieceInTen() {
        int test = 0;
        for (int i = 0; i < 20_000; i++) {
            if (PieceSplit.of("piano/composer/piece-" + i + ".mid") == Split.TEST) {
                test++;
            }
        }
        assertThat(test / 20_000.0).isCloseTo(PieceSplit.DEFAULT_TEST_FRACTION, within(0.01));
    }

    @Test
    void dependsOnTheIdOnly() {
        // Pinned values: the split of a corpus must never change between releases.
        assertThat(PieceSplit.unitHash("")).isCloseTo(0.889416, within(1e-6)); // SHA-256("") starts e3b0c442...
        assertThat(PieceSplit.of("chopin/op28-no4")).isEqualTo(PieceSplit.of("chopin/op28-no4"));
        assertThat(new PieceSplit(0.5).splitOf("x")).isEqualTo(new PieceSplit(0.5).splitOf("x"));
        assertThatThrownBy(() -> new PieceSplit(1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
