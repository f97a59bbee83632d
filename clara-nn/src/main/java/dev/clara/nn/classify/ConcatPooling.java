package dev.clara.nn.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Concat pooling, ULMFiT §3.3 (Howard &amp; Ruder 2018, arXiv:1801.06146): the classifier reads the
 * last hidden state together with the max- and mean-pooled hidden states over all time steps,
 * <pre>
 *   h_c = [ h_T ; maxpool(H) ; meanpool(H) ],   H = {h_1, ..., h_T}
 * </pre>
 * because the signal that decides a class may sit anywhere in a long excerpt, and the last state
 * alone forgets much of it.
 *
 * <p>Sequences of a batch may be shorter than the batch's width; they are padded on the right
 * and {@code T} is each sequence's own length. A unidirectional LSTM never lets a padded position
 * influence an earlier one, so padding on the right and masking here gives the features of the
 * unpadded sequence (up to rounding in the sums), whatever else shares its batch.
 */
public final class ConcatPooling {

    /** Added to padded positions before the max: far below any LSTM output, which lies in (−1, 1). */
    private static final float MASKED = -1e4f;

    private ConcatPooling() {}

    /**
     * Pools a batch of sequences.
     *
     * @param outputs [batch, time, features], the top layer's outputs
     * @param lengths [batch] int64, each sequence's length in 1..time; null when every sequence fills the batch
     * @return [batch, 3·features]: last, max, mean; on the outputs' manager
     */
    public static NDArray apply(NDArray outputs, NDArray lengths) {
        long time = outputs.getShape().get(1);
        if (lengths == null) {
            NDArray last = outputs.get(":, -1, :");
            return NDArrays.concat(new NDList(last, outputs.max(new int[] {1}), outputs.mean(new int[] {1})), 1);
        }
        NDManager manager = outputs.getManager();
        // positions [1, time] against lengths [batch, 1]: valid where position < length.
        NDArray positions = manager.arange(0L, time, 1L, DataType.INT64, outputs.getDevice()).expandDims(0);
        NDArray column = lengths.toType(DataType.INT64, false).expandDims(1);
        NDArray valid = positions.lt(column).toType(outputs.getDataType(), false).expandDims(2);
        NDArray lastStep = positions.eq(column.sub(1)).toType(outputs.getDataType(), false).expandDims(2);
        NDArray last = outputs.mul(lastStep).sum(new int[] {1});
        NDArray max = outputs.add(valid.sub(1f).mul(-MASKED)).max(new int[] {1}); // padded steps: output − 10⁴
        NDArray mean = outputs.mul(valid).sum(new int[] {1}).div(column.toType(outputs.getDataType(), false));
        return NDArrays.concat(new NDList(last, max, mean), 1);
    }
}
