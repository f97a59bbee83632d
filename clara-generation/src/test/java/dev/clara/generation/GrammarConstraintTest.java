package dev.clara.generation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clara.music.encoding.EncodingSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrammarConstraintTest {
    private static final List<String> VOCABULARY = List.of("<unk>", "<pad>", "<bos>", "p10", "endp10", "p12", "endp12",
            "wait4", "wait24", "wait25");

    private static boolean[] mask(GrammarConstraint grammar) {
        boolean[] mask = new boolean[VOCABULARY.size()];
        grammar.allowed(mask);
        return mask;
    }

    private static int id(String token) {
        return VOCABULARY.indexOf(token);
    }

    @Test
    void masksWhatCannotFollowAndTracksTheSoundingKeysOfThePrompt() {
        GrammarConstraint.Compiled compiled = new GrammarConstraint.Compiled(EncodingSpec.NOTEWISE, VOCABULARY);
        GrammarConstraint grammar = new GrammarConstraint(compiled, true, new int[] {id("<bos>"), id("p10"), id("wait4")});

        boolean[] mask = mask(grammar);
        assertThat(mask[id("p10")]).as("a start of a sounding key").isFalse();
        assertThat(mask[id("endp10")]).isTrue();
        assertThat(mask[id("p12")]).isTrue();
        assertThat(mask[id("endp12")]).as("an end of a silent key").isFalse();
        assertThat(mask[id("wait24")]).isTrue();
        assertThat(mask[id("wait25")]).as("beyond 2 x sample_freq").isFalse();
        assertThat(mask[id("<unk>")] || mask[id("<pad>")] || mask[id("<bos>")]).isFalse();

        grammar.accept(id("endp10"));
        assertThat(mask(grammar)[id("p10")]).isTrue();
        assertThat(grammar.steps()).isEqualTo(4);
        grammar.accept(id("wait24"));
        assertThat(grammar.steps()).isEqualTo(28);
        assertThat(grammar.impossibleAccepted()).isZero();
    }

    @Test
    void unmaskedItAllowsEverythingButCountsTheImpossibleTokensThatPass() {
        GrammarConstraint.Compiled compiled = new GrammarConstraint.Compiled(EncodingSpec.NOTEWISE, VOCABULARY);
        GrammarConstraint grammar = new GrammarConstraint(compiled, false, new int[] {id("<bos>")});
        assertThat(mask(grammar)).containsOnly(true);
        grammar.accept(id("endp12"));
        grammar.accept(id("p10"));
        grammar.accept(id("p10"));
        assertThat(grammar.impossibleAccepted()).isEqualTo(2);
    }

    @Test
    void chordwiseStepsCountOnePerPianoToken() {
        EncodingSpec spec = EncodingSpec.parse("chordwise-sf4-r38-l45");
        String silent = "p" + "0".repeat(38);
        String onset = "p1" + "0".repeat(37);
        String held = "p2" + "0".repeat(37);
        List<String> vocabulary = List.of("<unk>", silent, onset, held);
        GrammarConstraint grammar = new GrammarConstraint(new GrammarConstraint.Compiled(spec, vocabulary), true, new int[0]);
        boolean[] mask = new boolean[4];
        grammar.allowed(mask);
        assertThat(mask).containsExactly(false, true, true, false);
        grammar.accept(2);
        grammar.allowed(mask);
        assertThat(mask[3]).as("a hold after an onset").isTrue();
        grammar.accept(3);
        assertThat(grammar.steps()).isEqualTo(2);
    }
}
