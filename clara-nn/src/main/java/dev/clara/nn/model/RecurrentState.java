package dev.clara.nn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The hidden and cell state of every LSTM layer, {@code (h_l, c_l)} each [1, batch, size_l], that
 * truncated back-propagation carries from one window to the next and generation from one token to
 * the next.
 */
public final class RecurrentState implements AutoCloseable {

    private final NDList arrays;

    private RecurrentState(NDList arrays) {
        if (arrays.size() % 2 != 0) {
            throw new IllegalArgumentException("a recurrent state holds (h, c) pairs, got " + arrays.size() + " arrays");
        }
        this.arrays = arrays;
    }

    /** Wraps {@code [h_0, c_0, h_1, c_1, ...]}. */
    public static RecurrentState of(NDList hiddenAndCell) {
        return new RecurrentState(hiddenAndCell);
    }

    /** The all-zero state a sequence starts from. */
    public static RecurrentState zeros(NDManager manager, long batchSize, int[] layerSizes) {
        NDList arrays = new NDList(layerSizes.length * 2);
        for (int size : layerSizes) {
            Shape shape = new Shape(1, batchSize, size);
            arrays.add(manager.zeros(shape));
            arrays.add(manager.zeros(shape));
        }
        return new RecurrentState(arrays);
    }

    public int layers() {
        return arrays.size() / 2;
    }

    public NDArray hidden(int layer) {
        return arrays.get(2 * layer);
    }

    public NDArray cell(int layer) {
        return arrays.get(2 * layer + 1);
    }

    /** The arrays in block order, {@code [h_0, c_0, h_1, c_1, ...]}. */
    public NDList arrays() {
        return arrays;
    }

    /**
     * The same values cut from the autograd graph and owned by {@code manager}: the next window
     * starts from them without back-propagating into the previous one, and the previous window's
     * manager can be closed.
     */
    public RecurrentState detach(NDManager manager) {
        List<NDArray> detached = new ArrayList<>(arrays.size());
        for (NDArray array : arrays) {
            NDArray copy = array.stopGradient();
            copy.attach(manager);
            detached.add(copy);
        }
        return new RecurrentState(new NDList(detached));
    }

    @Override
    public void close() {
        arrays.close();
    }
}
