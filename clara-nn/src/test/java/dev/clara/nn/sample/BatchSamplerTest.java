package dev.clara.nn.sample;

import dev.clara.nn.testing.OneTorchThread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.clara.nn.model.AwdLstmLanguageModel;
import dev.clara.nn.model.TinyModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(OneTorchThread.class)
class BatchSamplerTest {

    private static final int VOCABULARY = TinyModels.VOCABULARY;

    private static NDManager manager;
    private static AwdLstmLanguageModel model;
    private static BatchSampler sampler;

    @BeforeAll
    static void open() {
        manager = TinyModels.cpuManager();
        model = TinyModels.initialised(TinyModels.bare().build(), manager, 21);
        sharpen(model);
        sampler = BatchSampler.builder().setModel(model).build();
    }

    @AfterAll
    static void close() {
        sampler.close();
        manager.close();
    }

    @Test
    void generatesEachSampleToItsLengthTarget() {
        GenerationResult result = sampler.generate(GenerationRequest.builder().setCount(3)
                .optLengths(new int[] {5, 8, 1}).optSeed(1).build());

        assertThat(result.samples()).extracting(GeneratedSample::length).containsExactly(5, 8, 1);
        assertThat(result.samples()).extracting(GeneratedSample::stop).containsOnly(SampleStop.LENGTH);
        assertThat(result.samples()).allSatisfy(sample -> assertThat(Arrays.stream(sample.tokens())).allMatch(id -> id >= 0 && id < VOCABULARY));
        assertThat(result.steps()).isEqualTo(8);
        assertThat(result.totalTokens()).isEqualTo(14);
        assertThat(result.cancelled()).isFalse();
        assertThat(result.millisPerStep()).isPositive();
        assertThat(result.tokensPerSecond()).isPositive();
    }

    @Test
    void theSameSeedGivesTheSameTokensSampleForSample() {
        GenerationRequest.Builder request = GenerationRequest.builder().setCount(4).setLength(30);

        GenerationResult first = sampler.generate(request.optSeed(42).build());
        GenerationResult again = sampler.generate(request.optSeed(42).build());
        GenerationResult other = sampler.generate(request.optSeed(43).build());
        GenerationResult unseeded = sampler.generate(GenerationRequest.builder().setCount(4).setLength(30).build());
        GenerationResult replayed = sampler.generate(request.optSeed(unseeded.seed()).build());

        assertThat(first.seed()).isEqualTo(42);
        assertThat(tokens(again)).isDeepEqualTo(tokens(first));
        assertThat(tokens(other)).isNotEqualTo(tokens(first));
        assertThat(tokens(first)[0]).as("samples get streams of their own").isNotEqualTo(tokens(first)[1]);
        assertThat(tokens(replayed)).isDeepEqualTo(tokens(unseeded));
    }

    @Test
    void masksAndCountsMatchAReplayOnTheModelsOwnForwardWithTheSameDraws() {
        long seed = 5;
        int length = 16;
        TokenConstraintFactory noMultiplesOfThree = (sample, prompt) -> new TokenConstraint() {
            @Override
            public void allowed(boolean[] mask) {
                for (int id = 0; id < mask.length; id++) {
                    mask[id] = id % 3 != 0;
                }
            }

            @Override
            public void accept(int tokenId) {}
        };
        List<int[]> prompts = List.of(new int[] {2, 4, 5}, new int[] {2});
        GenerationResult result = sampler.generate(GenerationRequest.builder().setCount(2).setLength(length)
                .optPrompts(prompts).optSeed(seed).optConstraints(noMultiplesOfThree).build());

        int totalViolations = 0;
        for (int sample = 0; sample < 2; sample++) {
            GeneratedSample generated = result.samples().get(sample);
            Replay replay = replay(prompts.get(sample), length, seed, sample, SamplingSettings.clara());
            assertThat(generated.tokens()).as("sample %d", sample).containsExactly(replay.tokens);
            assertThat(Arrays.stream(generated.tokens())).allMatch(id -> id % 3 != 0);
            assertThat(generated.maskedChoices()).isEqualTo(replay.maskedChoices);
            assertThat(generated.grammarViolations()).isEqualTo(replay.grammarViolations);
            assertThat(generated.emptyMaskSteps()).isZero();
            totalViolations += generated.grammarViolations();
        }
        assertThat(totalViolations).as("the test's grammar must bite").isPositive();
    }

    @Test
    void aMaskThatAllowsNothingFallsBackToTheUnmaskedDistributionAndIsCounted() {
        GenerationRequest.Builder request = GenerationRequest.builder().setCount(2).setLength(12).optSeed(8);
        GenerationResult free = sampler.generate(request.build());
        GenerationResult blocked = sampler.generate(request.optConstraints((sample, prompt) -> new TokenConstraint() {
            @Override
            public void allowed(boolean[] mask) {}

            @Override
            public void accept(int tokenId) {}
        }).build());

        assertThat(tokens(blocked)).isDeepEqualTo(tokens(free));
        assertThat(blocked.samples()).allSatisfy(sample -> {
            assertThat(sample.emptyMaskSteps()).isEqualTo(12);
            assertThat(sample.maskedChoices()).isZero();
            assertThat(sample.grammarViolations()).isZero();
        });
    }

    @Test
    void eachSamplesConstraintIsCreatedWithItsPromptAndToldEveryToken() {
        List<int[]> prompts = new ArrayList<>();
        List<List<Integer>> accepted = new ArrayList<>();
        GenerationResult result = sampler.generate(GenerationRequest.builder().setCount(3).setLength(7).optSeed(3)
                .optPrompts(List.of(new int[] {2, 7}, new int[] {2, 8, 9}, new int[] {2}))
                .optConstraints((sample, prompt) -> {
                    prompts.add(prompt);
                    List<Integer> seen = new ArrayList<>();
                    accepted.add(seen);
                    return new TokenConstraint() {
                        @Override
                        public void allowed(boolean[] mask) {
                            Arrays.fill(mask, true);
                        }

                        @Override
                        public void accept(int tokenId) {
                            seen.add(tokenId);
                        }
                    };
                }).build());

        assertThat(prompts).containsExactly(new int[] {2, 7}, new int[] {2, 8, 9}, new int[] {2});
        for (int sample = 0; sample < 3; sample++) {
            assertThat(accepted.get(sample)).containsExactly(Arrays.stream(result.samples().get(sample).tokens()).boxed()
                    .toArray(Integer[]::new));
        }
    }

    @Test
    void aStopConditionEndsSamplesEarlyAndTheOthersRunOnUnchanged() {
        GenerationRequest.Builder request = GenerationRequest.builder().setCount(4).setLength(10).optSeed(13);
        GenerationResult full = sampler.generate(request.build());
        int[] counts = new int[4];
        GenerationResult stopped = sampler.generate(request.optStopCondition((sample, token) -> ++counts[sample] >= 3 + sample)
                .build());

        assertThat(stopped.samples()).extracting(GeneratedSample::length).containsExactly(3, 4, 5, 6);
        assertThat(stopped.samples()).extracting(GeneratedSample::stop).containsOnly(SampleStop.CONDITION);
        assertThat(stopped.steps()).isEqualTo(6);
        for (int sample = 0; sample < 4; sample++) {
            // Rows leave the batch as samples finish; the survivors must keep their own state.
            assertThat(full.samples().get(sample).tokens()).startsWith(stopped.samples().get(sample).tokens());
        }
    }

    @Test
    void cancellationStopsTheLoopAtTheNextStep() {
        AtomicBoolean cancelled = new AtomicBoolean();
        GenerationResult result = sampler.generate(GenerationRequest.builder().setCount(3).setLength(1000).optSeed(2)
                .optListener(progress -> cancelled.set(progress.step() >= 5), 1).optCancellation(cancelled::get).build());
        GenerationResult before = sampler.generate(GenerationRequest.builder().setCount(2).setLength(10)
                .optCancellation(() -> true).build());

        assertThat(result.cancelled()).isTrue();
        assertThat(result.steps()).isEqualTo(5);
        assertThat(result.samples()).allSatisfy(sample -> {
            assertThat(sample.length()).isEqualTo(5);
            assertThat(sample.stop()).isEqualTo(SampleStop.CANCELLED);
        });
        assertThat(before.totalTokens()).isZero();
        assertThat(before.cancelled()).isTrue();
    }

    @Test
    void theListenerHearsEveryNStepsAndOnceAtTheEnd() {
        List<GenerationProgress> reports = new ArrayList<>();
        GenerationResult result = sampler.generate(GenerationRequest.builder().setCount(2).optLengths(new int[] {10, 4})
                .optSeed(4).optListener(reports::add, 3).build());

        assertThat(reports).extracting(GenerationProgress::step).containsExactly(3, 6, 9, 10);
        assertThat(reports).extracting(GenerationProgress::last).containsExactly(false, false, false, true);
        assertThat(reports.get(1).finished()).containsExactly(false, true);
        for (int sample = 0; sample < 2; sample++) {
            List<Integer> streamed = new ArrayList<>();
            for (GenerationProgress report : reports) {
                Arrays.stream(report.newTokens(sample)).forEach(streamed::add);
            }
            assertThat(streamed).containsExactly(Arrays.stream(result.samples().get(sample).tokens()).boxed()
                    .toArray(Integer[]::new));
        }
    }

    @Test
    void leavesNoArraysBehindAndHoldsAFixedNumberWhileRunning() {
        int samplerArrays = sampler.manager().getManagedArrays().size();
        int modelArrays = manager.getManagedArrays().size();
        List<Integer> during = new ArrayList<>();
        List<Boolean> gradModes = new ArrayList<>();
        boolean gradMode = JniUtils.isGradMode();

        sampler.generate(GenerationRequest.builder().setCount(3).setLength(120).optSeed(6)
                .optListener(progress -> {
                    during.add(sampler.manager().getManagedArrays().size());
                    gradModes.add(JniUtils.isGradMode());
                }, 20).build());

        assertThat(during).hasSize(6).containsOnly(during.get(0));
        assertThat(sampler.manager().getManagedArrays()).hasSize(samplerArrays);
        assertThat(manager.getManagedArrays()).hasSize(modelArrays);
        assertThat(gradModes).containsOnly(false);
        assertThat(JniUtils.isGradMode()).isEqualTo(gradMode);
    }

    @Test
    void weightsFirstProductsGiveTheSameSamplesAndLeaveNothingBehind() {
        GenerationRequest request = GenerationRequest.builder().setCount(4).setLength(60).optSeed(9).build();
        int modelArrays = manager.getManagedArrays().size();
        try (BatchSampler weightsFirst = BatchSampler.builder().setModel(model)
                .optProductOrder(ProductOrder.WEIGHTS_FIRST).build()) {
            int samplerArrays = weightsFirst.manager().getManagedArrays().size();

            GenerationResult result = weightsFirst.generate(request);

            assertThat(tokens(result)).isDeepEqualTo(tokens(sampler.generate(request)));
            assertThat(weightsFirst.manager().getManagedArrays()).hasSize(samplerArrays);
        }
        assertThat(manager.getManagedArrays()).hasSize(modelArrays);
    }

    @Test
    void concurrentRequestsOnOneSamplerGiveWhatTheyGiveAlone() throws Exception {
        GenerationRequest first = GenerationRequest.builder().setCount(3).setLength(40).optSeed(100).build();
        GenerationRequest second = GenerationRequest.builder().setCount(5).setLength(30).optSeed(200)
                .optSettings(SamplingSettings.builder().optMode(SamplingSettings.Mode.SAMPLING).optTopP(0.9).build()).build();
        int[][] firstAlone = tokens(sampler.generate(first));
        int[][] secondAlone = tokens(sampler.generate(second));

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<GenerationResult> a = pool.submit(() -> sampler.generate(first));
            Future<GenerationResult> b = pool.submit(() -> sampler.generate(second));
            assertThat(tokens(a.get())).isDeepEqualTo(firstAlone);
            assertThat(tokens(b.get())).isDeepEqualTo(secondAlone);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsPromptsOutsideTheModelsVocabulary() {
        assertThatThrownBy(() -> sampler.generate(GenerationRequest.builder().setCount(1).setLength(3)
                .optPrompt(new int[] {2, VOCABULARY}).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the vocabulary of 20");
    }

    /**
     * A freshly initialised network barely looks at its input (embeddings of ±0.1) and spreads its
     * probability evenly; scaled-up weights make the next token depend on the history and the
     * distribution peaked, as in a trained model, so that a wrong state or a wrong row shows.
     */
    private static void sharpen(AwdLstmLanguageModel model) {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            model.getParameters().forEach(parameter -> parameter.getValue().getArray()
                    .muli(parameter.getKey().equals("embedding") ? 25f : 4f));
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    private static int[][] tokens(GenerationResult result) {
        return result.samples().stream().map(GeneratedSample::tokens).toArray(int[][]::new);
    }

    private record Replay(int[] tokens, int maskedChoices, int grammarViolations) {}

    /**
     * One sample generated the slow, obvious way: the model's block over the whole sequence so far for
     * every token, the same chooser and the same draws, with the "no multiple of three" grammar.
     */
    private static Replay replay(int[] prompt, int length, long seed, int sample, SamplingSettings settings) {
        SplittableRandom random = BatchSampler.sampleRandom(seed, sample);
        TokenChooser chooser = new TokenChooser(settings, VOCABULARY);
        boolean[] mask = new boolean[VOCABULARY];
        for (int id = 0; id < VOCABULARY; id++) {
            mask[id] = id % 3 != 0;
        }
        List<Integer> sequence = new ArrayList<>();
        Arrays.stream(prompt).forEach(sequence::add);
        int[] tokens = new int[length];
        int masked = 0;
        int violations = 0;
        try (NDManager scratch = manager.newSubManager()) {
            for (int t = 0; t < length; t++) {
                long[] ids = sequence.stream().mapToLong(Integer::longValue).toArray();
                NDArray logits = model.forward(new ParameterStore(scratch, false),
                        scratch.create(ids, new Shape(1, ids.length)), null, false).logits().get("0, -1, :");
                float[] row = logits.toFloatArray();
                double u1 = random.nextDouble();
                double u2 = random.nextDouble();
                tokens[t] = chooser.choose(row, 0, mask, u1, u2);
                if (!mask[chooser.choose(row, 0, null, u1, u2)]) {
                    masked++;
                }
                if (!mask[chooser.argmax(row, 0, null)]) {
                    violations++;
                }
                sequence.add(tokens[t]);
            }
        }
        return new Replay(tokens, masked, violations);
    }
}
