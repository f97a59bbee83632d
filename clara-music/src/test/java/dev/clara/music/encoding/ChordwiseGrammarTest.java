package dev.clara.music.encoding;

import dev.clara.music.Part;
import dev.clara.music.Piece;
import dev.clara.music.testing.PropertyCheck;
import dev.clara.music.testing.RandomPieces;
import dev.clara.music.testing.RandomPieces.PieceAndSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChordwiseGrammarTest {

    private static final EncodingSpec OCTAVE = new EncodingSpec(Scheme.CHORDWISE, 4, 12, 60, false);

    @Test
    void allowsHoldsOnlyOfKeysThatSoundedAtThePreviousStep() {
        ChordwiseGrammar grammar = new ChordwiseGrammar(OCTAVE);

        assertThat(grammar.allows("p100000000000")).isTrue();
        assertThat(grammar.allows("p200000000000")).isFalse();
        assertThat(grammar.allows("p10000000000")).isFalse();  // too short
        assertThat(grammar.allows("p300000000000")).isFalse(); // not a digit of the scheme
        assertThat(grammar.allows("v100000000000")).isFalse(); // no solo outside chamber

        grammar.accept("p100000000000");
        assertThat(grammar.isSounding(Part.PIANO, 0)).isTrue();
        assertThat(grammar.allows("p200000000000")).isTrue();
        assertThat(grammar.allows("p020000000000")).isFalse();
        grammar.accept("p000000000000");
        assertThat(grammar.allows("p200000000000")).isFalse();
    }

    @Test
    void alternatesSoloAndPianoInChamber() {
        ChordwiseGrammar grammar = new ChordwiseGrammar(OCTAVE.withChamber(true));

        assertThat(grammar.expectedPart()).isEqualTo(Part.SOLO);
        assertThat(grammar.allows("p100000000000")).isFalse();
        grammar.accept("v000000010000");
        assertThat(grammar.expectedPart()).isEqualTo(Part.PIANO);
        assertThat(grammar.allows("p000000020000")).isFalse(); // the solo's note is not the piano's
        grammar.accept("p100000000000");
        assertThat(grammar.allows("v000000020000")).isTrue();
        assertThat(grammar.allows("v200000000000")).isFalse();
    }

    @Test
    void masksAVocabularyOfChords() {
        ChordwiseGrammar grammar = new ChordwiseGrammar(OCTAVE);
        List<String> vocabulary = List.of("xxbos", "p000000000000", "p100000000000", "p200000000000",
                "p210000000000", "p020000000000");
        grammar.accept("p100000000000");

        assertThat(grammar.mask(vocabulary)).containsExactly(false, true, true, true, true, false);
    }

    @Test
    void allowsEveryTokenAnEncoderWrites() {
        List<EncodingSpec> specs = RandomPieces.specs(Scheme.CHORDWISE);
        PropertyCheck.forAll(PieceAndSpec.random(specs))
                .edgeCases(PieceAndSpec.edgeCases(specs))
                .tries(300)
                .seed(0x5EED_0301L)
                .check(input -> {
                    Piece piece = input.piece();
                    EncodingSpec spec = input.spec();
                    List<String> tokens = TokenEncoder.forSpec(spec).encode(piece);
                    List<String> vocabulary = new ArrayList<>(new LinkedHashSet<>(tokens));
                    ChordwiseGrammar grammar = new ChordwiseGrammar(spec);
                    ChordwiseGrammar.CompiledVocabulary compiled = grammar.compile(vocabulary);
                    boolean[] mask = new boolean[compiled.size()];
                    for (String token : tokens) {
                        assertThat(grammar.allows(token)).as(token).isTrue();
                        grammar.mask(compiled, mask);
                        assertThat(mask[vocabulary.indexOf(token)]).isTrue();
                        grammar.accept(token);
                    }
                });
    }
}
