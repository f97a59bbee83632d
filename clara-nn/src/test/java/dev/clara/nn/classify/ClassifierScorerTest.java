package dev.clara.nn.classify;

import dev.clara.nn.testing.OneTorchThread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(OneTorchThread.class)
class ClassifierScorerTest {

    private static final int WINDOW = 8;
    private Model model;

    /** An untrained classifier with three classes: its random weights still give each window its own distribution. */
    @BeforeEach
    void open() {
        Engine.getEngine("PyTorch").setRandomSeed(11);
        model = Model.newInstance("composer", Device.cpu(), "PyTorch");
        SequenceClassifier block = SequenceClassifier.builder().setVocabularySize(20).setClasses(3)
                .setConfig(TwoPatterns.config().optBptt(WINDOW).build()).build();
        model.setBlock(block);
        block.initialize(model.getNDManager());
    }

    @AfterEach
    void close() {
        model.close();
    }

    private ClassifierScorer scorer(int batchSize) {
        return ClassifierScorer.builder().setModel(model).setLabels(List.of("bach", "chopin", "satie"))
                .setWindowLength(WINDOW).optBatchSize(batchSize).build();
    }

    private static int[] piece(int length, long seed) {
        Random random = new Random(seed);
        return random.ints(length, 3, 20).toArray();
    }

    @Test
    void windowsStepByTheirLengthAndTheLastEndsAtThePiecesEnd() {
        assertThat(ClassifierScorer.windowStarts(5, 8)).containsExactly(0);
        assertThat(ClassifierScorer.windowStarts(8, 8)).containsExactly(0);
        assertThat(ClassifierScorer.windowStarts(16, 8)).containsExactly(0, 8);
        assertThat(ClassifierScorer.windowStarts(20, 8)).containsExactly(0, 8, 12);
        assertThat(ClassifierScorer.windowStarts(9, 8)).containsExactly(0, 1);
        assertThatThrownBy(() -> ClassifierScorer.windowStarts(0, 8)).hasMessageContaining("empty piece");
    }

    @Test
    void averagesTheDistributionsOfItsWindows() {
        ClassifierScorer scorer = scorer(16);
        int[] ids = piece(20, 1);

        ClassifierScore whole = scorer.score(ids);
        ClassifierScore first = scorer.score(Arrays.copyOfRange(ids, 0, 8));
        ClassifierScore second = scorer.score(Arrays.copyOfRange(ids, 8, 16));
        ClassifierScore last = scorer.score(Arrays.copyOfRange(ids, 12, 20));

        assertThat(whole.windows()).isEqualTo(3);
        assertThat(first.windows()).isEqualTo(1);
        for (int c = 0; c < 3; c++) {
            double mean = (first.probabilities()[c] + second.probabilities()[c] + last.probabilities()[c]) / 3;
            assertThat(whole.probabilities()[c]).isCloseTo(mean, within(1e-6));
        }
        assertThat(Arrays.stream(whole.probabilities()).sum()).isCloseTo(1.0, within(1e-6));
        assertThat(first.probabilities()).as("the windows differ").isNotEqualTo(second.probabilities());
        assertThat(whole.probability(whole.best())).isEqualTo(Arrays.stream(whole.probabilities()).max().orElseThrow());
        assertThat(whole.entropy()).isBetween(0.0, Math.log(3));
    }

    @Test
    void aShortPieceIsScoredOnceAndBatchingDoesNotChangeScores() {
        int[] shortPiece = piece(3, 2);
        int[] longPiece = piece(77, 3);

        assertThat(scorer(16).score(shortPiece).windows()).isEqualTo(1);
        assertThat(scorer(16).score(longPiece).windows()).isEqualTo(10);
        double[] batched = scorer(16).score(longPiece).probabilities();
        double[] oneByOne = scorer(1).score(longPiece).probabilities();
        double[] inThrees = scorer(3).score(longPiece).probabilities();
        for (int c = 0; c < 3; c++) {
            assertThat(oneByOne[c]).isCloseTo(batched[c], within(1e-6));
            assertThat(inThrees[c]).isCloseTo(batched[c], within(1e-6));
        }
        assertThat(scorer(16).score(longPiece).probabilities()).as("deterministic").isEqualTo(batched);
    }

    @Test
    void leavesNothingBehindAndServesSeveralThreads() throws Exception {
        ClassifierScorer scorer = scorer(4);
        int before = model.getNDManager().getManagedArrays().size();
        double[] expected = scorer.score(piece(50, 4)).probabilities();

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<double[]>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                results.add(pool.submit(() -> scorer.score(piece(50, 4)).probabilities()));
            }
            for (Future<double[]> result : results) {
                assertThat(result.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdown();
        }

        assertThat(model.getNDManager().getManagedArrays()).hasSize(before);
    }

    @Test
    void checksItsInputs() {
        ClassifierScorer scorer = scorer(4);

        assertThatThrownBy(() -> scorer.score(new int[] {3, 20})).hasMessageContaining("token id 20 is outside");
        assertThatThrownBy(() -> scorer.score(new int[0])).hasMessageContaining("empty piece");
        assertThatThrownBy(() -> ClassifierScorer.builder().setModel(model).setLabels(List.of("a", "b"))
                .setWindowLength(8).build()).hasMessageContaining("3 outputs but 2 labels");
        assertThatThrownBy(() -> scorer.score(new int[] {3}).probability("mozart")).hasMessageContaining("no label");
    }
}
