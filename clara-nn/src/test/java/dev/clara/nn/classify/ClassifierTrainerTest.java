package dev.clara.nn.classify;

import dev.clara.nn.testing.OneTorchThread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.clara.nn.LanguageModelConfig;
import dev.clara.nn.data.Vocabulary;
import dev.clara.nn.model.AwdLstmLanguageModel;
import dev.clara.nn.train.StopReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(OneTorchThread.class)
class ClassifierTrainerTest {

    private static final Vocabulary VOCABULARY = TwoPatterns.vocabulary();
    private static final List<Excerpt> TRAINING = TwoPatterns.excerpts(TwoPatterns.pieces(60, 1), 16, 1);
    /** Held-out pieces: none of them was cut for training. */
    private static final List<Excerpt> VALIDATION = TwoPatterns.excerpts(TwoPatterns.pieces(20, 2), 16, 2);

    private static ClassifierTrainer.Builder trainer(ClassifierConfig config) {
        return ClassifierTrainer.builder().setConfig(config).setVocabulary(VOCABULARY).setLabels(TwoPatterns.LABELS)
                .setTrainingExcerpts(TRAINING).optValidationExcerpts(VALIDATION);
    }

    @Test
    void learnsToSeparateTwoTokenOrdersOnHeldOutPieces() {
        List<ClassifierTrainingProgress> reports = new ArrayList<>();
        ClassifierTrainer trainer = trainer(TwoPatterns.config().build()).optListener(reports::add).build();

        try (ClassifierTrainingResult result = trainer.train()) {
            List<ClassifierTrainingProgress> steps = reports.stream().filter(p -> !p.isValidation()).toList();
            List<ClassifierTrainingProgress> validations = reports.stream()
                    .filter(ClassifierTrainingProgress::isValidation).toList();

            assertThat(result.stopReason()).isEqualTo(StopReason.COMPLETED);
            assertThat(result.bestValidation().accuracy()).as("held-out accuracy").isGreaterThanOrEqualTo(0.9);
            assertThat(validations).hasSize(10);
            assertThat(result.bestValidation().accuracy()).isEqualTo(validations.stream()
                    .mapToDouble(p -> p.validation().accuracy()).max().orElseThrow());
            assertThat(steps).hasSize((int) result.steps());
            assertThat(result.steps()).isEqualTo(trainer.plannedTotalSteps());
            assertThat(steps).noneMatch(ClassifierTrainingProgress::frozen);
            ClassifierTrainingProgress last = steps.get(steps.size() - 1);
            assertThat(last.step()).isEqualTo(last.totalSteps());
            assertThat(last.eta()).isEqualTo(Duration.ZERO);
            assertThat(last.tokensPerSecond()).isPositive();
            assertThat(result.metrics()).containsKeys("accuracy", "validation_loss", "precision.up", "recall.down",
                    "confusion.up.down", "steps", "best_epoch", "tokens_per_second");
            System.out.printf("two patterns: %d steps in %s, %.0f tokens/s, held-out %s%n", result.steps(),
                    result.elapsed(), result.tokensPerSecond(), result.bestValidation());
        }
    }

    /** A generator of the classifier's encoder shape, with fixed random weights. */
    private static AwdLstmLanguageModel generator(Model model) {
        LanguageModelConfig config = LanguageModelConfig.builder().optEmbeddingSize(16).optHiddenSize(32).optLayers(2)
                .build();
        Engine.getEngine("PyTorch").setRandomSeed(3);
        AwdLstmLanguageModel block = AwdLstmLanguageModel.builder().setVocabularySize(VOCABULARY.size())
                .setConfig(config).build();
        model.setBlock(block);
        block.initialize(model.getNDManager());
        return block;
    }

    private static List<float[]> encoderWeights(SequenceClassifier classifier) {
        List<float[]> weights = new ArrayList<>();
        for (Pair<String, Parameter> entry : classifier.encoder().getParameters()) {
            weights.add(entry.getValue().getArray().toFloatArray());
        }
        return weights;
    }

    private static List<float[]> generatorWeights(AwdLstmLanguageModel generator) {
        List<float[]> weights = new ArrayList<>();
        weights.add(generator.embedding().getArray().toFloatArray());
        generator.layers().forEach(layer -> layer.getParameters().values()
                .forEach(p -> weights.add(p.getArray().toFloatArray())));
        return weights;
    }

    @Test
    void frozenEpochsTrainTheHeadAndLeaveTheCopiedEncoderUntouched() {
        try (Model generatorModel = Model.newInstance("generator", ai.djl.Device.cpu(), "PyTorch")) {
            AwdLstmLanguageModel generator = generator(generatorModel);
            List<ClassifierTrainingProgress> reports = new ArrayList<>();
            ClassifierConfig frozenOnly = TwoPatterns.config().optEpochs(1).optFrozenEpochs(1).optMaxStepsPerEpoch(5)
                    .build();

            try (ClassifierTrainingResult result = trainer(frozenOnly).optPretrainedEncoder(generator, VOCABULARY)
                    .optListener(reports::add).build().train()) {
                List<float[]> after = encoderWeights(result.block());
                List<float[]> before = generatorWeights(generator);
                assertThat(after).hasSameSizeAs(before).hasSize(9);
                for (int i = 0; i < before.size(); i++) {
                    assertThat(Arrays.equals(after.get(i), before.get(i))).as("frozen encoder weight %d is the generator's", i)
                            .isTrue();
                }
                assertThat(reports).filteredOn(p -> !p.isValidation()).hasSize(5).allMatch(ClassifierTrainingProgress::frozen);
                assertThat(Arrays.equals(headWeight(result.block()), freshHeadWeights(frozenOnly))).as("the head learned")
                        .isFalse();
            }

            ClassifierConfig thenUnfrozen = frozenOnly.toBuilder().optEpochs(2).build();
            // Without validation the last weights are kept, not the best epoch's (which could be the frozen one).
            try (ClassifierTrainingResult result = trainer(thenUnfrozen).optValidationExcerpts(List.of())
                    .optPretrainedEncoder(generator, VOCABULARY).build().train()) {
                List<float[]> after = encoderWeights(result.block());
                List<float[]> before = generatorWeights(generator);
                for (int i = 0; i < before.size(); i++) {
                    assertThat(Arrays.equals(after.get(i), before.get(i))).as("encoder weight %d learns once unfrozen", i)
                            .isFalse();
                }
            }
        }
    }

    private static float[] headWeight(SequenceClassifier classifier) {
        return classifier.head().layers().get(0).getParameters().get("weight").getArray().toFloatArray();
    }

    /** The head's first weight as a run with this configuration initialises it. */
    private static float[] freshHeadWeights(ClassifierConfig config) {
        try (ClassifierTrainingResult untrained = trainer(config.toBuilder().optMaxStepsPerEpoch(1)
                .optPeakLearningRate(1e-30f).optFrozenLearningRate(1e-30f).build()).build().train()) {
            return headWeight(untrained.block());
        }
    }

    @Test
    void refusesAGeneratorOfAnotherVocabularyOrShape() {
        try (Model generatorModel = Model.newInstance("generator", ai.djl.Device.cpu(), "PyTorch")) {
            AwdLstmLanguageModel generator = generator(generatorModel);
            Vocabulary other = Vocabulary.of(List.of("a", "b"));

            assertThatThrownBy(() -> trainer(TwoPatterns.config().build()).optPretrainedEncoder(generator, other).build())
                    .hasMessageContaining("another vocabulary");
            assertThatThrownBy(() -> trainer(TwoPatterns.config().optHiddenSize(64).build())
                    .optPretrainedEncoder(generator, VOCABULARY).build())
                    .hasMessageContaining("embedding 16, 2×32 but the classifier's is embedding 16, 2×64")
                    .hasMessageContaining("optEncoderOf");
        }
    }

    @Test
    void checksItsInputsWithReadableReasons() {
        ClassifierConfig config = TwoPatterns.config().build();

        assertThatThrownBy(() -> trainer(config).setLabels(List.of("only")).build())
                .hasMessageContaining("at least two labels");
        assertThatThrownBy(() -> trainer(config).setLabels(List.of("a", "a")).build()).hasMessageContaining("distinct");
        assertThatThrownBy(() -> trainer(config).setTrainingExcerpts(List.of(new Excerpt(new int[] {3}, 0))).build())
                .hasMessageContaining("at least two excerpts");
        assertThatThrownBy(() -> trainer(config).optValidationExcerpts(List.of(new Excerpt(new int[] {3}, 2))).build())
                .hasMessageContaining("validation excerpt 0 has class 2, outside the 2 labels");
        assertThatThrownBy(() -> trainer(config).optValidationExcerpts(List.of(new Excerpt(new int[17], 0))).build())
                .hasMessageContaining("17 tokens, more than bptt 16");
        assertThatThrownBy(() -> trainer(config).setTrainingExcerpts(List.of(new Excerpt(new int[] {3}, 0),
                new Excerpt(new int[] {20}, 1))).build()).hasMessageContaining("holds id 20");
    }

    @Test
    void stopsWhenCancelledAndKeepsTheBestEpoch() {
        ClassifierConfig config = TwoPatterns.config().optEpochs(3).optMaxStepsPerEpoch(3).build();
        ClassifierTrainer[] holder = new ClassifierTrainer[1];
        holder[0] = trainer(config).optListener(progress -> {
            if (progress.isValidation() && progress.epoch() == 1) {
                holder[0].cancel();
            }
        }).build();

        try (ClassifierTrainingResult result = holder[0].train()) {
            assertThat(result.stopReason()).isEqualTo(StopReason.CANCELLED);
            assertThat(result.epochsCompleted()).isEqualTo(2);
            assertThat(result.steps()).isEqualTo(6);
            assertThat(result.validationHistory()).hasSize(2);
            assertThat(result.bestEpoch()).isBetween(0, 1);
        }
    }

    @Test
    void stopsWithinItsTimeBudgetAfterValidating() {
        ClassifierConfig config = TwoPatterns.config().optEpochs(50).optMaxDuration(Duration.ofMillis(300)).build();

        try (ClassifierTrainingResult result = trainer(config).build().train()) {
            assertThat(result.stopReason()).isEqualTo(StopReason.TIME_BUDGET);
            assertThat(result.validationHistory()).isNotEmpty();
            assertThat(result.bestValidation()).isNotNull();
            assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void classWeightsAndSeedsGiveReproducibleRuns() {
        ClassifierConfig config = TwoPatterns.config().optEpochs(1).optMaxStepsPerEpoch(4).optWeightClasses(true).build();
        List<Double> first = new ArrayList<>();
        List<Double> second = new ArrayList<>();

        try (ClassifierTrainingResult a = trainer(config).optListener(p -> first.add(p.loss())).build().train();
                ClassifierTrainingResult b = trainer(config).optListener(p -> second.add(p.loss())).build().train()) {
            assertThat(first).isEqualTo(second);
            assertThat(a.metrics()).isEqualTo(withoutTiming(b.metrics(), a.metrics()));
        }
    }

    private static Map<String, Double> withoutTiming(Map<String, Double> metrics, Map<String, Double> reference) {
        Map<String, Double> copy = new java.util.LinkedHashMap<>(metrics);
        copy.put("tokens_per_second", reference.get("tokens_per_second"));
        return copy;
    }

    @Test
    void leavesNothingBehindOnTheModelsManagerHoweverLongItTrains() {
        ClassifierConfig fewSteps = TwoPatterns.config().optEpochs(1).optMaxStepsPerEpoch(2).build();
        ClassifierConfig moreSteps = TwoPatterns.config().optEpochs(3).optMaxStepsPerEpoch(5).build();

        try (ClassifierTrainingResult few = trainer(fewSteps).build().train();
                ClassifierTrainingResult many = trainer(moreSteps).build().train()) {
            int parameters = few.block().getParameters().size();
            assertThat(few.model().getNDManager().getManagedArrays()).hasSize(parameters);
            assertThat(many.model().getNDManager().getManagedArrays()).hasSize(parameters);
        }
    }
}
