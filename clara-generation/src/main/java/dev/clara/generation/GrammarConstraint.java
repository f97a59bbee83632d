package dev.clara.generation;

import dev.clara.music.encoding.ChordwiseGrammar;
import dev.clara.music.encoding.EncodingSpec;
import dev.clara.music.encoding.NotewiseGrammar;
import dev.clara.music.encoding.Scheme;
import dev.clara.nn.sample.TokenConstraint;
import java.util.List;

/**
 * One sample's grammar as the sampler sees it: which vocabulary ids may come next (a start of a key already
 * sounding, an end of a key that is not, a wait beyond the limit are not), and how far the music has advanced in
 * time steps, for length targets in seconds. With masking off it still counts the impossible tokens that pass.
 */
public final class GrammarConstraint implements TokenConstraint {
    private final List<String> vocabulary;
    private final boolean masked;
    private final NotewiseGrammar notewise;
    private final NotewiseGrammar.CompiledVocabulary notewiseVocabulary;
    private final ChordwiseGrammar chordwise;
    private final ChordwiseGrammar.CompiledVocabulary chordwiseVocabulary;
    private long chordwiseSteps;
    private int impossibleAccepted;

    /** Compiled once per model; each sample gets its own {@link GrammarConstraint}. */
    public static final class Compiled {
        final EncodingSpec spec;
        final List<String> vocabulary;
        final NotewiseGrammar.CompiledVocabulary notewise;
        final ChordwiseGrammar.CompiledVocabulary chordwise;

        public Compiled(EncodingSpec spec, List<String> vocabulary) {
            this.spec = spec;
            this.vocabulary = List.copyOf(vocabulary);
            if (spec.scheme() == Scheme.NOTEWISE) {
                this.notewise = new NotewiseGrammar(spec).compile(this.vocabulary);
                this.chordwise = null;
            } else {
                this.notewise = null;
                this.chordwise = new ChordwiseGrammar(spec).compile(this.vocabulary);
            }
        }
    }

    public GrammarConstraint(Compiled compiled, boolean masked, int[] prompt) {
        this.vocabulary = compiled.vocabulary;
        this.masked = masked;
        if (compiled.notewise != null) {
            this.notewise = new NotewiseGrammar(compiled.spec);
            this.notewiseVocabulary = compiled.notewise;
            this.chordwise = null;
            this.chordwiseVocabulary = null;
        } else {
            this.notewise = null;
            this.notewiseVocabulary = null;
            this.chordwise = new ChordwiseGrammar(compiled.spec);
            this.chordwiseVocabulary = compiled.chordwise;
        }
        for (int id : prompt) {
            advance(vocabulary.get(id));
        }
        impossibleAccepted = 0;
    }

    @Override
    public void allowed(boolean[] mask) {
        if (!masked) {
            java.util.Arrays.fill(mask, true);
        } else if (notewise != null) {
            notewise.mask(notewiseVocabulary, mask);
        } else {
            chordwise.mask(chordwiseVocabulary, mask);
        }
    }

    @Override
    public void accept(int tokenId) {
        String token = vocabulary.get(tokenId);
        boolean possible = notewise != null ? notewise.allows(token) : chordwise.allows(token);
        if (!possible) {
            impossibleAccepted++;
        }
        advance(token);
    }

    private void advance(String token) {
        if (notewise != null) {
            notewise.accept(token);
        } else {
            if (chordwise.allows(token) && token.startsWith("p")) {
                chordwiseSteps++;
            }
            chordwise.accept(token);
        }
    }

    /** Time steps the sample (prompt excluded) has advanced; the prompt's own steps are counted too and then subtracted by the caller. */
    public long steps() {
        return notewise != null ? notewise.step() : chordwiseSteps;
    }

    /** Tokens that entered the sample although the grammar forbids them (only possible with masking off). */
    public int impossibleAccepted() {
        return impossibleAccepted;
    }
}
