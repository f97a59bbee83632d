package dev.clara.generator.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clara.proto.v1.ComposerProbability;
import dev.clara.proto.v1.RankedResult;
import dev.clara.proto.v1.Sample;
import dev.clara.proto.v1.SampleScore;
import dev.clara.proto.v1.Scorer;
import org.junit.jupiter.api.Test;

class RankedResultAggregatorTest {
    private static Sample sample(int index, int count) {
        return Sample.newBuilder().setSampleId("r-" + index).setRequestId("r").setIndex(index).setCount(count)
                .setTokens("p1 ".repeat(200).trim()).setMidi(com.google.protobuf.ByteString.copyFromUtf8("big")).build();
    }

    private static SampleScore critic(int index, double p) {
        return SampleScore.newBuilder().setSampleId("r-" + index).setRequestId("r").setSampleIndex(index).setSampleCount(3)
                .setScorer(Scorer.SCORER_CRITIC).setPHuman(p).build();
    }

    private static SampleScore composer(int index, double bach) {
        return SampleScore.newBuilder().setSampleId("r-" + index).setRequestId("r").setSampleIndex(index).setSampleCount(3)
                .setScorer(Scorer.SCORER_COMPOSER)
                .addComposers(ComposerProbability.newBuilder().setComposer(bach >= 0.5 ? "bach" : "joplin").setProbability(Math.max(bach, 1 - bach)))
                .addComposers(ComposerProbability.newBuilder().setComposer(bach >= 0.5 ? "joplin" : "bach").setProbability(Math.min(bach, 1 - bach)))
                .build();
    }

    @Test
    void completeOnlyWhenEverySampleHasBothScores() {
        RankedResultAggregator aggregator = new RankedResultAggregator("r", 0);
        aggregator.add(critic(0, 0.5));
        assertThat(aggregator.complete()).as("samples unknown yet").isFalse();
        for (int i = 0; i < 3; i++) {
            aggregator.add(sample(i, 3));
            aggregator.add(critic(i, 0.5));
        }
        assertThat(aggregator.complete()).isFalse();
        for (int i = 0; i < 3; i++) {
            aggregator.add(composer(i, 0.8));
        }
        assertThat(aggregator.complete()).isTrue();
    }

    @Test
    void equalPHumanIsBrokenByComposerConfidenceThenByPosition() {
        RankedResultAggregator aggregator = new RankedResultAggregator("r", 0);
        double[] confidence = {0.6, 0.9, 0.6};
        for (int i = 0; i < 3; i++) {
            aggregator.add(sample(i, 3));
            aggregator.add(critic(i, 0.4));
            aggregator.add(composer(i, confidence[i]));
        }
        RankedResult result = aggregator.result(RankingPolicy.defaults(), 5);
        assertThat(result.getSamplesList()).extracting(s -> s.getIndex()).containsExactly(1, 0, 2);
        assertThat(result.getSamplesList()).extracting(s -> s.getRank()).containsExactly(1, 2, 3);
        assertThat(result.getSamples(0).getCombinedScore()).isEqualTo(0.4);
        // The state keeps no MIDI and only a preview of the tokens.
        assertThat(result.getSamples(0).getTokensPreview()).endsWith("…").hasSizeLessThan(210);
    }

    @Test
    void aScorerWithoutAModelIsNamedAsUnavailable() {
        RankedResultAggregator aggregator = new RankedResultAggregator("r", 0);
        aggregator.add(sample(0, 1));
        aggregator.add(critic(0, 0.7).toBuilder().setSampleCount(1).build());
        aggregator.add(SampleScore.newBuilder().setSampleId("r-0").setRequestId("r").setSampleCount(1)
                .setScorer(Scorer.SCORER_COMPOSER).setError("no composer model has been trained yet").build());
        assertThat(aggregator.complete()).isTrue();
        RankedResult result = aggregator.result(RankingPolicy.defaults(), 1);
        assertThat(result.getMissingList()).containsExactly(
                "sample 0 (r-0): composer score unavailable (no composer model has been trained yet)");
        assertThat(result.getSamples(0).getPHuman()).isEqualTo(0.7);
        assertThat(result.hasInceptionScore()).isFalse();
    }

    @Test
    void noveltyNeedsAHumanLikeSampleAndAnUnsureComposerModel() {
        RankingPolicy policy = RankingPolicy.defaults();
        assertThat(policy.isNovel(0.8, Math.log(2), 2)).isTrue();
        assertThat(policy.isNovel(0.3, Math.log(2), 2)).isFalse();
        assertThat(policy.isNovel(0.8, 0.1, 2)).isFalse();
        assertThat(policy.isNovel(null, Math.log(2), 2)).isFalse();
    }
}
