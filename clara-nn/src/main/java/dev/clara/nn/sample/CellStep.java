package dev.clara.nn.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;

/**
 * What {@link LstmInferenceCell} leaves after consuming one token per row: the scores for each row's
 * next token and the recurrent state that produced them.
 *
 * @param logits [rows, vocabulary], unnormalised next-token scores
 * @param hidden per layer, h [rows, size_l]
 * @param cell per layer, c [rows, size_l]
 */
public record CellStep(NDArray logits, List<NDArray> hidden, List<NDArray> cell) {

    public CellStep {
        hidden = List.copyOf(hidden);
        cell = List.copyOf(cell);
        if (hidden.size() != cell.size()) {
            throw new IllegalArgumentException("one hidden and one cell state per layer, got " + hidden.size() + " and "
                    + cell.size());
        }
    }

    static CellStep of(NDArray logits, NDArray[] hidden, NDArray[] cell) {
        return new CellStep(logits, Arrays.asList(hidden), Arrays.asList(cell));
    }

    /** The number of token streams (batch rows). */
    public int rows() {
        return Math.toIntExact(logits.getShape().get(0));
    }

    public int layers() {
        return hidden.size();
    }

    /**
     * Moves every array to {@code manager}. The engine puts an op's result on its first operand's
     * manager, so once the state lives on a step's manager everything computed from it does too, and
     * closing that manager frees the whole step.
     */
    public void attach(NDManager manager) {
        logits.attach(manager);
        for (int layer = 0; layer < hidden.size(); layer++) {
            hidden.get(layer).attach(manager);
            cell.get(layer).attach(manager);
        }
    }
}
