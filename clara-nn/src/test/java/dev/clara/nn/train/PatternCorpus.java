package dev.clara.nn.train;

import dev.clara.nn.LanguageModelConfig;
import dev.clara.nn.data.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A synthetic corpus a tiny network can learn in a few dozen steps: every piece walks the same
 * cycle of 8 tokens, from a random starting point. After a token the next one is certain, so a
 * network that learned the cycle predicts far better than chance (1 in 8 even for a guesser that
 * knows which tokens occur).
 */
final class PatternCorpus {

    static final int CYCLE = 8;

    private PatternCorpus() {}

    static Vocabulary vocabulary() {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            tokens.add("t" + i);
        }
        return Vocabulary.of(tokens); // 20 entries with the special tokens
    }

    static List<int[]> pieces(int count, int length, long seed) {
        Random random = new Random(seed);
        List<int[]> pieces = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            int phase = random.nextInt(CYCLE);
            int[] piece = new int[length];
            for (int i = 0; i < length; i++) {
                piece[i] = Vocabulary.PIECE_START_ID + 1 + (phase + i) % CYCLE;
            }
            pieces.add(piece);
        }
        return pieces;
    }

    /** A tiny network with every regulariser on at a tenth of Clara's dropouts, trained fast. */
    static LanguageModelConfig.Builder config() {
        return LanguageModelConfig.builder().optEmbeddingSize(32).optHiddenSize(64).optLayers(2)
                .optBatchSize(8).optBptt(16).optEpochs(4).optPeakLearningRate(3e-2f).optWarmupFraction(0.2f)
                .optSeed(11).optEmbeddingDropout(0.01f).optInputDropout(0.06f).optHiddenDropout(0.02f)
                .optOutputDropout(0.04f).optWeightDropout(0.05f);
    }
}
