package dev.clara.nn.classify;

import dev.clara.nn.data.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A synthetic two-class corpus a tiny classifier separates in a few seconds: "up" pieces climb a
 * cycle of 12 tokens, "down" pieces descend it, each from a random phase and with 10% of the tokens
 * replaced at random. Both classes use the same tokens equally often, so only their order tells them
 * apart: a bag-of-tokens guesser stays at chance.
 */
final class TwoPatterns {

    static final List<String> LABELS = List.of("up", "down");
    static final int CYCLE = 12;

    private TwoPatterns() {}

    /** 20 entries with the special tokens, as the generator tests' vocabulary. */
    static Vocabulary vocabulary() {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            tokens.add("t" + i);
        }
        return Vocabulary.of(tokens);
    }

    /** {@code count} pieces alternating up and down, of 30 to 80 tokens. */
    static List<LabelledPiece> pieces(int count, long seed) {
        Random random = new Random(seed);
        List<LabelledPiece> pieces = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            int label = p % 2;
            int length = 30 + random.nextInt(51);
            int phase = random.nextInt(CYCLE);
            int[] ids = new int[length];
            for (int i = 0; i < length; i++) {
                int step = label == 0 ? i : -i;
                ids[i] = random.nextDouble() < 0.1
                        ? Vocabulary.PIECE_START_ID + 1 + random.nextInt(17)
                        : Vocabulary.PIECE_START_ID + 1 + Math.floorMod(phase + step, CYCLE);
            }
            pieces.add(new LabelledPiece(ids, label));
        }
        return pieces;
    }

    static List<Excerpt> excerpts(List<LabelledPiece> pieces, int bptt, long seed) {
        return ExcerptSampler.builder().setExcerptLength(bptt).optSeed(seed).build().sample(pieces);
    }

    /** Embedding 16, two LSTM layers (32, then 16), a head of 16 units, light dropouts: trained in seconds. */
    static ClassifierConfig.Builder config() {
        return ClassifierConfig.builder().optEmbeddingSize(16).optHiddenSize(32).optLayers(2).optHeadHiddenSize(16)
                .optBptt(16).optBatchSize(16).optEpochs(10).optFrozenEpochs(1).optPeakLearningRate(3e-2f)
                .optFrozenLearningRate(2e-2f).optSeed(7).optEmbeddingDropout(0.02f).optInputDropout(0.1f)
                .optHiddenDropout(0.1f).optWeightDropout(0.1f).optHeadDropout(0.1f).optHeadHiddenDropout(0.05f);
    }
}
