package dev.clara.nn.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.clara.nn.data.Vocabulary;
import java.util.List;

/**
 * Sequences of different lengths as one batch for a {@link SequenceClassifier}: the ids padded on
 * the right with {@link Vocabulary#PADDING_ID} to the longest, and each sequence's length, which
 * {@link ConcatPooling} uses to ignore the padding.
 *
 * @param ids [batch, longest] int64
 * @param lengths [batch] int64
 * @param tokens the real (unpadded) tokens in the batch
 */
public record PaddedBatch(NDArray ids, NDArray lengths, long tokens) {

    /**
     * Lays out sequences on a manager (and so on its device).
     *
     * @param sequences at least one, each with at least one token
     */
    public static PaddedBatch of(List<int[]> sequences, NDManager manager) {
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one sequence");
        }
        int width = sequences.stream().mapToInt(s -> s.length).max().orElseThrow();
        if (width == 0) {
            throw new IllegalArgumentException("a batch needs sequences with at least one token");
        }
        long[] ids = new long[sequences.size() * width];
        long[] lengths = new long[sequences.size()];
        java.util.Arrays.fill(ids, Vocabulary.PADDING_ID);
        long tokens = 0;
        for (int b = 0; b < sequences.size(); b++) {
            int[] sequence = sequences.get(b);
            if (sequence.length == 0) {
                throw new IllegalArgumentException("sequence " + b + " of the batch is empty");
            }
            for (int t = 0; t < sequence.length; t++) {
                ids[b * width + t] = sequence[t];
            }
            lengths[b] = sequence.length;
            tokens += sequence.length;
        }
        return new PaddedBatch(manager.create(ids, new Shape(sequences.size(), width)),
                manager.create(lengths, new Shape(sequences.size())), tokens);
    }
}
