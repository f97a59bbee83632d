package dev.clara.nn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.clara.nn.LanguageModelConfig;
import dev.clara.nn.data.TokenAugmenter;
import dev.clara.nn.data.Vocabulary;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LanguageModelTrainerTest {

    private static final Vocabulary VOCABULARY = PatternCorpus.vocabulary();
    private static final List<int[]> TRAINING = PatternCorpus.pieces(30, 40, 1);
    private static final List<int[]> VALIDATION = PatternCorpus.pieces(6, 40, 2);

    private static LanguageModelTrainer.Builder trainer(LanguageModelConfig config) {
        return LanguageModelTrainer.builder().setConfig(config).setVocabulary(VOCABULARY)
                .setTrainingPieces(TRAINING).optValidationPieces(VALIDATION);
    }

    @Test
    void learnsARepeatingPatternWellAboveChance() {
        List<TrainingProgress> reports = new ArrayList<>();
        LanguageModelTrainer trainer = trainer(PatternCorpus.config().build()).optListener(reports::add).build();

        try (TrainingResult result = trainer.train()) {
            List<TrainingProgress> steps = reports.stream().filter(p -> !p.isValidation()).toList();
            List<TrainingProgress> validations = reports.stream().filter(TrainingProgress::isValidation).toList();
            double firstLosses = steps.subList(0, 3).stream().mapToDouble(TrainingProgress::loss).average().orElseThrow();
            double lastLosses = steps.subList(steps.size() - 3, steps.size()).stream()
                    .mapToDouble(TrainingProgress::loss).average().orElseThrow();

            assertThat(result.stopReason()).isEqualTo(StopReason.COMPLETED);
            assertThat(steps).hasSize((int) result.steps()).hasSizeGreaterThan(24);
            assertThat(firstLosses).as("starts near ln(20)").isGreaterThan(2.5);
            assertThat(lastLosses).as("falls clearly").isLessThan(firstLosses / 2);
            assertThat(validations).hasSize(4);
            assertThat(result.bestValidation().accuracy()).as("chance is at most 1/8").isGreaterThan(0.5);
            assertThat(result.bestValidation().loss())
                    .isEqualTo(validations.stream().mapToDouble(p -> p.validation().loss()).min().orElseThrow());
            assertThat(result.bestValidation().perplexity()).isCloseTo(Math.exp(result.bestValidation().loss()), within(1e-9));
            assertThat(result.epochsCompleted()).isEqualTo(4);
            assertThat(result.metrics()).containsKeys("validation_loss", "perplexity", "accuracy", "steps");
            TrainingProgress last = steps.get(steps.size() - 1);
            assertThat(last.step()).as("the plan draws the same jittered windows").isEqualTo(last.totalSteps());
            assertThat(last.eta()).isEqualTo(Duration.ZERO);
            assertThat(last.tokensPerSecond()).isPositive();
            assertThat(steps.get(0).learningRate()).as("one-cycle starts at peak/25").isCloseTo(3e-2 / 25, within(1e-9));
        }
    }

    @Test
    void keepsTheBestWeightsNotTheLast(@TempDir Path checkpoints) throws IOException {
        List<Double> validationLosses = new ArrayList<>();
        LanguageModelTrainer trainer = trainer(PatternCorpus.config().optEpochs(3).build())
                .optCheckpointDirectory(checkpoints)
                .optListener(p -> {
                    if (p.isValidation()) {
                        validationLosses.add(p.validation().loss());
                    }
                }).build();

        try (TrainingResult result = trainer.train()) {
            ValidationMetrics rescored = new LanguageModelEvaluator(8, 16)
                    .evaluate(result.block(), result.model().getNDManager(), VALIDATION);

            assertThat(rescored.loss()).isCloseTo(result.bestValidation().loss(), within(1e-5));
            assertThat(rescored.loss()).isCloseTo(validationLosses.stream().mapToDouble(Double::doubleValue).min()
                    .orElseThrow(), within(1e-5));
            assertThat(TrainingCheckpoint.latestBest(checkpoints)).isPresent();
            assertThat(TrainingCheckpoint.latest(checkpoints)).isPresent();
        }
    }

    @Test
    void stopsCleanlyWhenTheTimeBudgetRunsOutAndStillValidates() {
        AtomicInteger validations = new AtomicInteger();
        LanguageModelTrainer trainer = trainer(PatternCorpus.config().optEpochs(50)
                .optMaxDuration(Duration.ofSeconds(1)).build())
                .optListener(p -> {
                    if (p.isValidation()) {
                        validations.incrementAndGet();
                    } else {
                        sleep(100);
                        assertThat(p.eta()).isLessThanOrEqualTo(Duration.ofSeconds(1));
                    }
                }).build();

        try (TrainingResult result = trainer.train()) {
            assertThat(result.stopReason()).isEqualTo(StopReason.TIME_BUDGET);
            assertThat(result.steps()).as("100 ms a step in 1 s").isBetween(1L, 11L);
            assertThat(result.bestValidation()).isNotNull();
            assertThat(validations.get()).isPositive();
        }
    }

    @Test
    void cancellationStopsAfterTheCurrentStepAndLeavesACheckpoint(@TempDir Path checkpoints) throws IOException {
        AtomicReference<LanguageModelTrainer> self = new AtomicReference<>();
        LanguageModelTrainer trainer = trainer(PatternCorpus.config().build()).optCheckpointDirectory(checkpoints)
                .optListener(p -> {
                    if (p.step() == 3) {
                        self.get().cancel();
                    }
                }).build();
        self.set(trainer);

        try (TrainingResult result = trainer.train()) {
            assertThat(result.stopReason()).isEqualTo(StopReason.CANCELLED);
            assertThat(result.steps()).isEqualTo(3);
            TrainingCheckpoint saved = TrainingCheckpoint.read(TrainingCheckpoint.latest(checkpoints).orElseThrow());
            assertThat(saved.globalStep()).isEqualTo(3);
            assertThat(saved.epoch()).isZero();
            assertThat(saved.stepInEpoch()).isEqualTo(3);
        }
    }

    @Test
    void resumesFromTheSavedStepAndMatchesAnUninterruptedRun(@TempDir Path checkpoints) throws IOException {
        LanguageModelConfig config = PatternCorpus.config().optEpochs(2).build();
        List<TrainingProgress> uninterrupted = new ArrayList<>();
        float[] expected;
        try (TrainingResult result = trainer(config).optListener(uninterrupted::add).build().train()) {
            expected = flatten(result);
        }

        // Stop at the end of the first epoch: the listener sees its validation, the loop stops before the next step.
        List<TrainingProgress> firstPart = new ArrayList<>();
        AtomicReference<LanguageModelTrainer> self = new AtomicReference<>();
        LanguageModelTrainer interrupted = trainer(config).optCheckpointDirectory(checkpoints).optListener(p -> {
            firstPart.add(p);
            if (p.isValidation()) {
                self.get().cancel();
            }
        }).build();
        self.set(interrupted);
        long savedStep;
        try (TrainingResult result = interrupted.train()) {
            assertThat(result.stopReason()).isEqualTo(StopReason.CANCELLED);
            savedStep = result.steps();
        }

        List<TrainingProgress> secondPart = new ArrayList<>();
        try (TrainingResult result = trainer(config).optCheckpointDirectory(checkpoints).optResume(true)
                .optListener(secondPart::add).build().train()) {
            assertThat(secondPart.get(0).step()).isEqualTo(savedStep + 1);
            assertThat(secondPart.get(0).epoch()).isEqualTo(1);
            assertThat(result.steps()).isEqualTo(uninterrupted.stream().filter(p -> !p.isValidation()).count());
            assertThat(result.stopReason()).isEqualTo(StopReason.COMPLETED);
            // Same seed, same device: the first epoch repeats exactly, and the resumed epoch continues it.
            assertThat(losses(firstPart)).isEqualTo(losses(uninterrupted.subList(0, firstPart.size())));
            assertThat(flatten(result)).containsExactly(expected, within(1e-5f));
        }
    }

    @Test
    void resumesMidEpochFromTheNextStep(@TempDir Path checkpoints) throws IOException {
        LanguageModelConfig config = PatternCorpus.config().optEpochs(1).build();
        AtomicReference<LanguageModelTrainer> self = new AtomicReference<>();
        LanguageModelTrainer first = trainer(config).optCheckpointDirectory(checkpoints).optListener(p -> {
            if (p.step() == 4) {
                self.get().cancel();
            }
        }).build();
        self.set(first);
        first.train().close();

        List<Long> steps = new ArrayList<>();
        try (TrainingResult result = trainer(config).optCheckpointDirectory(checkpoints).optResume(true)
                .optListener(p -> steps.add(p.step())).build().train()) {
            assertThat(steps.get(0)).isEqualTo(5);
            assertThat(result.steps()).isEqualTo(first.plannedSteps(0));
        }
    }

    @Test
    void refusesToResumeAnotherNetworksCheckpoint(@TempDir Path checkpoints) {
        AtomicReference<LanguageModelTrainer> self = new AtomicReference<>();
        LanguageModelTrainer first = trainer(PatternCorpus.config().build()).optCheckpointDirectory(checkpoints)
                .optListener(p -> self.get().cancel()).build();
        self.set(first);
        first.train().close();

        LanguageModelTrainer other = trainer(PatternCorpus.config().optHiddenSize(24).build())
                .optCheckpointDirectory(checkpoints).optResume(true).build();

        assertThatThrownBy(other::train).isInstanceOf(IllegalStateException.class).hasMessageContaining("another network");
    }

    @Test
    void trainsOnEveryPieceInTwelveKeysWithAnAugmenter() {
        AtomicInteger transpositions = new AtomicInteger();
        TokenAugmenter identity = (tokens, semitones) -> {
            transpositions.incrementAndGet();
            return tokens;
        };
        LanguageModelConfig config = PatternCorpus.config().optEpochs(1).optMaxStepsPerEpoch(2).optBpttJitter(false).build();
        LanguageModelTrainer plain = trainer(config.toBuilder().optMaxStepsPerEpoch(0).build()).build();
        LanguageModelTrainer augmented = trainer(config.toBuilder().optMaxStepsPerEpoch(0).build())
                .optAugmenter(identity).build();

        // Twelve times the tokens; the windows differ a little because the partial last window is shared.
        assertThat(augmented.plannedSteps(0)).isBetween(11 * plain.plannedSteps(0), 12 * plain.plannedSteps(0));
        try (TrainingResult result = trainer(config).optAugmenter(identity).build().train()) {
            assertThat(result.steps()).isEqualTo(2);
            assertThat(transpositions.get()).isEqualTo(TRAINING.size() * 11);
        }
    }

    @Test
    void refusesIdsOutsideTheVocabulary() {
        assertThatThrownBy(() -> LanguageModelTrainer.builder().setConfig(PatternCorpus.config().build())
                .setVocabulary(VOCABULARY).setTrainingPieces(List.of(new int[] {3, 99})).build())
                .hasMessageContaining("training piece 0 holds id 99");
        assertThatThrownBy(() -> LanguageModelTrainer.builder().setVocabulary(VOCABULARY).build())
                .hasMessageContaining("required");
    }

    private static List<Double> losses(List<TrainingProgress> reports) {
        return reports.stream().map(TrainingProgress::loss).toList();
    }

    private static float[] flatten(TrainingResult result) {
        List<Float> values = new ArrayList<>();
        for (Pair<String, Parameter> entry : result.block().getParameters()) {
            NDArray array = entry.getValue().getArray();
            for (float value : array.toFloatArray()) {
                values.add(value);
            }
        }
        float[] flat = new float[values.size()];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = values.get(i);
        }
        return flat;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
