package dev.clara.music.encoding;

import dev.clara.music.testing.PropertyCheck;
import dev.clara.music.testing.RandomPieces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncodingSpecTest {

    @Test
    void namesTheDefaultsLikeClara() {
        assertThat(EncodingSpec.NOTEWISE.id()).isEqualTo("notewise-sf12-r62");
        assertThat(EncodingSpec.CHORDWISE.id()).isEqualTo("chordwise-sf4-r62");
        assertThat(EncodingSpec.NOTEWISE_CHAMBER.id()).isEqualTo("notewise-sf12-r62-chamber");
        assertThat(new EncodingSpec(Scheme.NOTEWISE, 12, 38, 45, false).id()).isEqualTo("notewise-sf12-r38-l45");
        assertThat(new EncodingSpec(Scheme.CHORDWISE, 4, 38, 45, true).id()).isEqualTo("chordwise-sf4-r38-l45-chamber");
        assertThat(EncodingSpec.NOTEWISE.maxWait()).isEqualTo(24);
        assertThat(EncodingSpec.NOTEWISE.lowest()).isEqualTo(33);
        assertThat(EncodingSpec.CHORDWISE.sampleFreq()).isEqualTo(4);
    }

    @Test
    void parsesCanonicalIds() {
        assertThat(EncodingSpec.parse("notewise-sf12-r62")).isEqualTo(EncodingSpec.NOTEWISE);
        assertThat(EncodingSpec.parse("chordwise-sf4-r62-chamber")).isEqualTo(EncodingSpec.CHORDWISE_CHAMBER);
        assertThat(EncodingSpec.parse("notewise-sf12-r38-l45"))
                .isEqualTo(new EncodingSpec(Scheme.NOTEWISE, 12, 38, 45, false));
        assertThat(EncodingSpec.parse("notewise-sf1-r128-l0-chamber"))
                .isEqualTo(new EncodingSpec(Scheme.NOTEWISE, 1, 128, 0, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "notewise", "jazzwise-sf12-r62", "notewise-sf0-r62", "notewise-sf12-r62-l33",
            "notewise-sf012-r62", "notewise-sf12-r62-chamber-x", "notewise-r62-sf12", "notewise-sf12-r100-l40",
            "notewise-sf12-r8", "notewise-sf-r62", "notewise-sf12-r62-", "Notewise-sf12-r62", "notewise-sf1x-r62",
            "notewise-sf12-r62-chamber-l45", "notewise-sf99999999999-r62"})
    void refusesBadIdsWithAClearMessage(String id) {
        assertThatThrownBy(() -> EncodingSpec.parse(id))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad encoding id")
                .hasMessageContaining("notewise-sf12-r62");
    }

    @Test
    void foldsPitchesIntoRangeByOctaves() {
        EncodingSpec spec = EncodingSpec.NOTEWISE; // keys 33..94
        assertThat(spec.keyOf(33)).isZero();
        assertThat(spec.keyOf(94)).isEqualTo(61);
        assertThat(spec.keyOf(32)).isEqualTo(32 + 12 - 33);
        assertThat(spec.keyOf(0)).isEqualTo(36 - 33);
        assertThat(spec.keyOf(95)).isEqualTo(83 - 33);
        assertThat(spec.keyOf(127)).isEqualTo(91 - 33);
        assertThat(spec.pitchOf(spec.keyOf(60))).isEqualTo(60);
    }

    @Test
    void idAndParseAreInverse() {
        PropertyCheck.forAll(EncodingSpecTest::spec)
                .edgeCases(edgeSpecs())
                .showing(spec -> spec + " (" + spec.id() + ")")
                .tries(300)
                .seed(0x5EED_0501L)
                .check(spec -> assertThat(EncodingSpec.parse(spec.id())).isEqualTo(spec));
    }

    /** Either scheme, 1..480 steps per quarter, 12..128 keys from any lowest key that fits, with or without chamber. */
    private static EncodingSpec spec(SplittableRandom random) {
        Scheme scheme = RandomPieces.oneOf(random, List.of(Scheme.values()));
        int sampleFreq = RandomPieces.between(random, 1, 480);
        int range = RandomPieces.between(random, 12, 128);
        int lowest = RandomPieces.between(random, 0, 116);
        return new EncodingSpec(scheme, sampleFreq, range, Math.min(lowest, 128 - range), random.nextBoolean());
    }

    /** Every scheme and chamber flag with the extreme and default grids, ranges and lowest keys. */
    private static List<EncodingSpec> edgeSpecs() {
        List<EncodingSpec> specs = new ArrayList<>();
        for (Scheme scheme : Scheme.values()) {
            for (boolean chamber : new boolean[] {false, true}) {
                for (int sampleFreq : new int[] {1, 480, scheme.defaultSampleFreq()}) {
                    specs.add(new EncodingSpec(scheme, sampleFreq, 12, 0, chamber));
                    specs.add(new EncodingSpec(scheme, sampleFreq, 12, 116, chamber));
                    specs.add(new EncodingSpec(scheme, sampleFreq, 128, 0, chamber));
                    specs.add(new EncodingSpec(scheme, sampleFreq, 62, 33, chamber));
                    specs.add(new EncodingSpec(scheme, sampleFreq, 62, 66, chamber));
                    specs.add(new EncodingSpec(scheme, sampleFreq, 95, 33, chamber));
                }
            }
        }
        return specs;
    }
}
