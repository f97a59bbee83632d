package dev.clara.nn.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenChooserTest {

    /** log-probabilities of 0.4, 0.3, 0.2, 0.06, 0.04 at ids 2, 0, 4, 1, 3 (with a leading padding entry). */
    private static final float[] ROW = {99f, (float) Math.log(0.3), (float) Math.log(0.06), (float) Math.log(0.4),
            (float) Math.log(0.04), (float) Math.log(0.2)};
    private static final int OFFSET = 1;
    private static final int SWEEP = 100_000;

    @Test
    void argmaxHonoursTheMaskAndPrefersTheLowerIdOnTies() {
        TokenChooser chooser = new TokenChooser(SamplingSettings.clara(), 5);

        assertThat(chooser.argmax(ROW, OFFSET, null)).isEqualTo(2);
        assertThat(chooser.argmax(ROW, OFFSET, new boolean[] {true, true, false, true, true})).isZero();
        assertThat(chooser.argmax(new float[] {1, 3, 3, 0, 0}, 0, null)).isEqualTo(1);
        assertThat(chooser.argmax(ROW, OFFSET, new boolean[5])).isEqualTo(-1);
    }

    @Test
    void claraTakesTheArgmaxUnlessTheFirstDrawFallsBelowRandomFreq() {
        TokenChooser chooser = new TokenChooser(SamplingSettings.builder().optRandomFreq(0.8).optTrunc(3).build(), 5);

        assertThat(chooser.choose(ROW, OFFSET, null, 0.8, 0.99)).as("u1 ≥ randomFreq: argmax").isEqualTo(2);
        assertThat(chooser.choose(ROW, OFFSET, null, 0.79, 0.99)).as("u1 < randomFreq: a draw").isEqualTo(4);
    }

    @Test
    void claraDrawsAmongTheTruncMostLikelyInProportionToTheirProbabilities() {
        TokenChooser chooser = new TokenChooser(SamplingSettings.builder().optRandomFreq(1).optTrunc(3).build(), 5);

        double[] frequencies = sweep(chooser, null);

        // 0.4 : 0.3 : 0.2 renormalised over the top three; ids 1 and 3 never.
        assertThat(frequencies[2]).isCloseTo(0.4 / 0.9, within(1e-4));
        assertThat(frequencies[0]).isCloseTo(0.3 / 0.9, within(1e-4));
        assertThat(frequencies[4]).isCloseTo(0.2 / 0.9, within(1e-4));
        assertThat(frequencies[1] + frequencies[3]).isZero();
    }

    @Test
    void maskedTokensGetNoProbabilityAndTheNextOnesMoveUp() {
        TokenChooser chooser = new TokenChooser(SamplingSettings.builder().optRandomFreq(1).optTrunc(3).build(), 5);

        double[] frequencies = sweep(chooser, new boolean[] {true, true, false, true, true});

        assertThat(frequencies[2]).isZero();
        assertThat(frequencies[0]).isCloseTo(0.3 / 0.56, within(1e-4));
        assertThat(frequencies[4]).isCloseTo(0.2 / 0.56, within(1e-4));
        assertThat(frequencies[1]).isCloseTo(0.06 / 0.56, within(1e-4));
    }

    @Test
    void samplingFollowsTheTemperedSoftmax() {
        double temperature = 0.5;
        TokenChooser chooser = new TokenChooser(SamplingSettings.builder().optMode(SamplingSettings.Mode.SAMPLING)
                .optTemperature(temperature).build(), 5);

        double[] frequencies = sweep(chooser, null);

        double[] tempered = {0.3, 0.06, 0.4, 0.04, 0.2};
        double total = 0;
        for (int id = 0; id < 5; id++) {
            tempered[id] = Math.pow(tempered[id], 1 / temperature);
            total += tempered[id];
        }
        for (int id = 0; id < 5; id++) {
            assertThat(frequencies[id]).as("id %d", id).isCloseTo(tempered[id] / total, within(1e-4));
        }
    }

    @Test
    void topKAndTopPCutTheTail() {
        TokenChooser topK = new TokenChooser(SamplingSettings.builder().optMode(SamplingSettings.Mode.SAMPLING)
                .optTopK(2).build(), 5);
        TokenChooser topP = new TokenChooser(SamplingSettings.builder().optMode(SamplingSettings.Mode.SAMPLING)
                .optTopP(0.85).build(), 5);

        double[] k = sweep(topK, null);
        double[] p = sweep(topP, null);

        assertThat(k[2]).isCloseTo(0.4 / 0.7, within(1e-4));
        assertThat(k[0]).isCloseTo(0.3 / 0.7, within(1e-4));
        // 0.4 + 0.3 < 0.85 ≤ 0.4 + 0.3 + 0.2: the nucleus is ids 2, 0 and 4.
        assertThat(p[2]).isCloseTo(0.4 / 0.9, within(1e-4));
        assertThat(p[4]).isCloseTo(0.2 / 0.9, within(1e-4));
        assertThat(p[1] + p[3]).isZero();
    }

    @ParameterizedTest(name = "top {0}")
    @ValueSource(ints = {20, 40})
    void drawsReachExactlyTheKMostLikelyWhetherSelectedByInsertionOrBySorting(int k) {
        int vocabulary = 300;
        float[] logits = new float[vocabulary];
        SplittableRandom random = new SplittableRandom(3);
        for (int id = 0; id < vocabulary; id++) {
            logits[id] = (float) random.nextGaussian();
        }
        Integer[] byLikelihood = IntStream.range(0, vocabulary).boxed()
                .sorted((a, b) -> Float.compare(logits[b], logits[a])).toArray(Integer[]::new);
        TokenChooser chooser = new TokenChooser(SamplingSettings.builder().optMode(SamplingSettings.Mode.SAMPLING)
                .optTopK(k).build(), vocabulary);

        assertThat(chooser.choose(logits, 0, null, 0, 0)).isEqualTo(byLikelihood[0]);
        assertThat(chooser.choose(logits, 0, null, 0, Math.nextDown(1.0))).isEqualTo(byLikelihood[k - 1]);
        Set<Integer> allowed = Set.of(Arrays.copyOf(byLikelihood, k));
        for (int i = 0; i < 2000; i++) {
            assertThat(chooser.choose(logits, 0, null, 0, random.nextDouble())).isIn(allowed);
        }
    }

    /** The share of each id over an even sweep of the second draw. */
    private static double[] sweep(TokenChooser chooser, boolean[] mask) {
        double[] frequencies = new double[5];
        for (int i = 0; i < SWEEP; i++) {
            frequencies[chooser.choose(ROW, OFFSET, mask, 0, (i + 0.5) / SWEEP)] += 1.0 / SWEEP;
        }
        return frequencies;
    }
}
