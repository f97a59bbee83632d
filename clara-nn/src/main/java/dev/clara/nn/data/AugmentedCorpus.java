package dev.clara.nn.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * The training pieces as one epoch sees them: each piece in all twelve keys when a
 * {@link TokenAugmenter} is given (once otherwise), in an order shuffled by the epoch's seed.
 *
 * <p>Transposition happens per epoch rather than once up front so that memory holds one epoch's
 * stream, not twelve copies of the corpus for the whole run; its cost is small next to a training
 * step.
 */
public final class AugmentedCorpus {

    private final List<int[]> pieces;
    private final Vocabulary vocabulary;
    private final TokenAugmenter augmenter;

    /**
     * @param pieces training pieces as token ids, without {@code <bos>}
     * @param vocabulary maps ids to the tokens the augmenter transposes and back
     * @param augmenter transposes a piece, or {@code null} to train on the pieces as they are
     */
    public AugmentedCorpus(List<int[]> pieces, Vocabulary vocabulary, TokenAugmenter augmenter) {
        this.pieces = List.copyOf(Objects.requireNonNull(pieces, "pieces"));
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
        this.augmenter = augmenter;
    }

    /** How many versions of each piece an epoch sees: 12 keys when augmenting, else 1. */
    public int keysPerPiece() {
        return augmenter == null ? 1 : TokenAugmenter.HIGHEST_SHIFT - TokenAugmenter.LOWEST_SHIFT + 1;
    }

    /**
     * The number of tokens an epoch's stream holds, {@code <bos>} markers included; exact without
     * augmentation and an estimate with it, since transposition may drop notes.
     */
    public long estimatedTokensPerEpoch() {
        long tokens = 0;
        for (int[] piece : pieces) {
            tokens += piece.length + 1;
        }
        return tokens * keysPerPiece();
    }

    /**
     * The pieces of one epoch in their shuffled order.
     *
     * @param seed the run's seed
     * @param epoch the epoch number, from 0; the same seed and epoch always give the same list
     * @return every piece in every key, shuffled
     */
    public List<int[]> epoch(long seed, int epoch) {
        List<int[]> result = new ArrayList<>(pieces.size() * keysPerPiece());
        for (int[] piece : pieces) {
            result.add(piece);
            if (augmenter != null) {
                List<String> tokens = vocabulary.decode(piece);
                for (int shift = TokenAugmenter.LOWEST_SHIFT; shift <= TokenAugmenter.HIGHEST_SHIFT; shift++) {
                    if (shift != 0) {
                        result.add(vocabulary.encode(augmenter.transpose(tokens, shift)));
                    }
                }
            }
        }
        Collections.shuffle(result, new Random(epochSeed(seed, epoch)));
        return result;
    }

    /** Mixes the run's seed with the epoch so that consecutive epochs get unrelated orders. */
    static long epochSeed(long seed, int epoch) {
        long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
