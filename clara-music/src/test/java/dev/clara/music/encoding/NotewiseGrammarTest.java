package dev.clara.music.encoding;

import dev.clara.music.Part;
import dev.clara.music.Piece;
import dev.clara.music.testing.PropertyCheck;
import dev.clara.music.testing.RandomPieces;
import dev.clara.music.testing.RandomPieces.PieceAndSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class NotewiseGrammarTest {

    @Test
    void allowsStartsOfSilentKeysAndEndsOfSoundingOnes() {
        NotewiseGrammar grammar = new NotewiseGrammar(EncodingSpec.NOTEWISE);

        assertThat(grammar.allows("p10")).isTrue();
        assertThat(grammar.allows("endp10")).isFalse();
        assertThat(grammar.allows("wait24")).isTrue();
        assertThat(grammar.allows("wait25")).isFalse();
        assertThat(grammar.allows("p62")).isFalse();
        assertThat(grammar.allows("v3")).isFalse(); // no solo part outside chamber
        assertThat(grammar.allows("xxbos")).isFalse();

        grammar.accept("p10");
        assertThat(grammar.allows("p10")).isFalse();
        assertThat(grammar.allows("endp10")).isFalse(); // it would last no time
        grammar.accept("wait3");
        assertThat(grammar.allows("endp10")).isTrue();
        assertThat(grammar.isSounding(Part.PIANO, 10)).isTrue();
        assertThat(grammar.soundingKeys(Part.PIANO)).containsExactly(10);
        assertThat(grammar.step()).isEqualTo(3);

        grammar.accept("endp10");
        assertThat(grammar.soundingCount()).isZero();
        assertThat(grammar.allows("p10")).isTrue();
    }

    @Test
    void tellsWhichKindsOfTokenAreAllowed() {
        NotewiseGrammar grammar = new NotewiseGrammar(EncodingSpec.NOTEWISE);
        assertThat(grammar.allowsTokenKind(NotewiseToken.Kind.END)).isFalse();
        assertThat(grammar.allowsTokenKind(NotewiseToken.Kind.START)).isTrue();
        assertThat(grammar.allowsTokenKind(NotewiseToken.Kind.WAIT)).isTrue();
        assertThat(grammar.allowsTokenKind(NotewiseToken.Kind.UNKNOWN)).isFalse();
        for (int key = 0; key < 62; key++) {
            grammar.accept("p" + key);
        }
        assertThat(grammar.allowsTokenKind(NotewiseToken.Kind.START)).isFalse();
        assertThat(grammar.allowsTokenKind(NotewiseToken.Kind.END)).isFalse();
        grammar.accept("wait1");
        assertThat(grammar.allowsTokenKind(NotewiseToken.Kind.END)).isTrue();
    }

    @Test
    void masksAModelVocabularyWithSpecials() {
        NotewiseGrammar grammar = new NotewiseGrammar(EncodingSpec.NOTEWISE_CHAMBER);
        List<String> vocabulary = new ArrayList<>(List.of("xxpad", "xxbos"));
        vocabulary.addAll(NotewiseVocabulary.of(EncodingSpec.NOTEWISE_CHAMBER).tokens());
        grammar.accept("v5");
        grammar.accept("wait2");

        boolean[] mask = grammar.mask(vocabulary);

        for (int i = 0; i < vocabulary.size(); i++) {
            assertThat(mask[i]).as(vocabulary.get(i)).isEqualTo(grammar.allows(vocabulary.get(i)));
        }
        assertThat(mask[0]).isFalse();
        assertThat(mask[vocabulary.indexOf("endv5")]).isTrue();
        assertThat(mask[vocabulary.indexOf("v5")]).isFalse();
        assertThat(mask[vocabulary.indexOf("endp5")]).isFalse();
    }

    @Test
    void copiesAreIndependent() {
        NotewiseGrammar grammar = new NotewiseGrammar(EncodingSpec.NOTEWISE);
        grammar.accept("p1");
        NotewiseGrammar copy = grammar.copy();
        copy.accept("wait1");
        copy.accept("endp1");

        assertThat(grammar.isSounding(Part.PIANO, 1)).isTrue();
        assertThat(copy.isSounding(Part.PIANO, 1)).isFalse();
        grammar.reset();
        assertThat(grammar.soundingCount()).isZero();
        assertThat(grammar.step()).isZero();
    }

    @Test
    void allowsEveryTokenAnEncoderWrites() {
        List<EncodingSpec> specs = RandomPieces.specs(Scheme.NOTEWISE);
        PropertyCheck.forAll(PieceAndSpec.random(specs))
                .edgeCases(PieceAndSpec.edgeCases(specs))
                .tries(300)
                .seed(0x5EED_0401L)
                .check(input -> {
                    Piece piece = input.piece();
                    EncodingSpec spec = input.spec();
                    NotewiseGrammar grammar = new NotewiseGrammar(spec);
                    NotewiseGrammar.CompiledVocabulary compiled = grammar.compile(NotewiseVocabulary.of(spec).tokens());
                    boolean[] mask = new boolean[compiled.size()];
                    for (String token : TokenEncoder.forSpec(spec).encode(piece)) {
                        assertThat(grammar.allows(token)).as(token).isTrue();
                        grammar.mask(compiled, mask);
                        assertThat(mask[NotewiseVocabulary.of(spec).indexOf(token)]).isTrue();
                        grammar.accept(token);
                    }
                    assertThat(grammar.soundingCount()).isZero();
                });
    }

    @Test
    void streamsSampledThroughTheMaskDecodeWithoutRepairs() {
        PropertyCheck.forAll(SplittableRandom::nextLong)
                .edgeCases(List.of(0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE))
                .showing(seed -> seed + "L")
                .tries(200)
                .seed(0x5EED_0402L)
                .check(seed -> {
                    EncodingSpec spec = EncodingSpec.NOTEWISE_CHAMBER;
                    List<String> vocabulary = NotewiseVocabulary.of(spec).tokens();
                    NotewiseGrammar grammar = new NotewiseGrammar(spec);
                    java.util.Random random = new java.util.Random(seed);
                    List<String> stream = new ArrayList<>();
                    for (int i = 0; i < 300; i++) {
                        boolean[] mask = grammar.mask(vocabulary);
                        String token;
                        do {
                            token = vocabulary.get(random.nextInt(vocabulary.size()));
                        } while (!mask[vocabulary.indexOf(token)]);
                        grammar.accept(token);
                        stream.add(token);
                    }

                    DecodeResult result = TokenEncoder.forSpec(spec).decodeWithStats(stream, 120);

                    assertThat(result.skippedTokens()).isZero();
                    assertThat(result.unmatchedEnds()).isZero();
                    assertThat(result.unclosedNotes()).isEqualTo(grammar.soundingCount());
                });
    }
}
