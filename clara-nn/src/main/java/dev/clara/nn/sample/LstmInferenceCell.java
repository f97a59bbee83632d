package dev.clara.nn.sample;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.clara.nn.model.AwdLstmLanguageModel;
import dev.clara.nn.model.LanguageModelOutput;
import dev.clara.nn.model.WeightDroppedLstmLayer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link AwdLstmLanguageModel} in evaluation mode (no dropout of any kind), advanced one token per
 * row at a time for sampling, from weights laid out once for that purpose.
 *
 * <p>For each row, with PyTorch's gate order i, f, g, o and the g rows of every weight and bias
 * doubled once, at preparation (marked ˜):
 * <pre>
 *   layer 1:  z = T[w_t] + h¹_{t−1} · W̃_hh¹ᵀ        T = E · W̃_ih¹ᵀ + (b̃_ih¹ + b̃_hh¹), a [vocabulary, 4·size] table
 *   layer l:  z = [x, hˡ_{t−1}] · [W̃_ihˡ | W̃_hhˡ]ᵀ + (b̃_ihˡ + b̃_hhˡ)     x = hˡ⁻¹_t
 *   (i, f, s, o) = σ(z)                               so s = σ(2·z_g) and g = tanh(z_g) = 2s − 1
 *   cˡ_t = f ⊙ cˡ_{t−1} + i ⊙ (2s − 1),   hˡ_t = o ⊙ (2σ(2cˡ_t) − 1) = o ⊙ tanh(cˡ_t)
 *   logits = hᴸ_t · W_decᵀ + b_dec
 * </pre>
 *
 * <p>Why not the model's own block: its fused LSTM kernel goes through oneDNN, which re-lays out the
 * weights on every call, so a one-token step pays for a whole-matrix reorder per layer. Here every
 * layer is one matrix product ({@code addmm}) on weights prepared at construction plus a dozen
 * element-wise ops, and the first layer's input product is a table lookup, because with a vocabulary
 * of a few hundred tokens {@code E · W_ih¹ᵀ} is smaller than the matrix it replaces. Weights keep
 * PyTorch's [out, in] layout because {@code addmm} with the transposed view measured faster than with
 * a contiguous [in, out] copy, and tanh is computed through the sigmoid because libtorch's CPU tanh
 * measured several times slower (the README's sampling section has the numbers). Which way round the
 * products are taken, {@code [x, h] · Wᵀ} or {@code W · [x, h]ᵀ}, is the {@link ProductOrder}. Priming
 * runs whole prompts through the model's block, where the fused kernel is the fast choice.
 *
 * <p>The cell holds copies of the weights, owned by a sub-manager of the model's parameters (closing
 * the model frees them too). It keeps no per-request state: {@link #prime} and {@link #step} may be
 * called from several threads at once, each with its own managers.
 */
public final class LstmInferenceCell implements AutoCloseable {

    private static final int GATES = 4;
    /** PyTorch stacks the gates i, f, g, o; g is the cell input, squashed by tanh. */
    private static final int CELL_GATE = 2;

    private final AwdLstmLanguageModel model;
    private final NDManager manager;
    private final int vocabularySize;
    private final int[] sizes;
    /** [vocabulary, 4·size_1]: the first layer's input product for every token, both biases included. */
    private final NDArray inputTable;
    /** [4·size_1, size_1]: the first layer's recurrent weight. */
    private final NDArray firstRecurrent;
    /** Per layer from the second: [4·size, in + size], input and recurrent weights side by side. */
    private final NDArray[] stackedWeights;
    /** Per layer from the second: [4·size], b_ih + b_hh. */
    private final NDArray[] biases;
    /** The same as [4·size, 1] columns, for products taken weights first. */
    private final NDArray[] biasColumns;
    private final ProductOrder productOrder;
    private final NDArray decoderWeight;
    private final NDArray decoderBias;
    /** Scalars kept as arrays: an op with a Java number makes (and frees) a new array each time. */
    private final NDArray one;
    private final NDArray two;

    private LstmInferenceCell(AwdLstmLanguageModel model, ProductOrder productOrder) {
        if (!model.isInitialized()) {
            throw new IllegalArgumentException("the model has no weights yet: initialise or load it first");
        }
        this.model = model;
        this.productOrder = Objects.requireNonNull(productOrder, "productOrder");
        NDArray embedding = model.embedding().getArray();
        this.manager = embedding.getManager().newSubManager();
        this.manager.setName("sampler-weights");
        this.vocabularySize = model.vocabularySize();
        this.sizes = model.stateSizes();
        int layers = sizes.length;
        int embeddingSize = model.config().embeddingSize();

        stackedWeights = new NDArray[layers];
        biases = new NDArray[layers];
        biasColumns = new NDArray[layers];
        NDArray firstInput = null;
        NDArray firstBias = null;
        NDArray recurrent = null;
        for (int layer = 0; layer < layers; layer++) {
            WeightDroppedLstmLayer block = model.layers().get(layer);
            int size = sizes[layer];
            int in = block.inputSize();
            float[] inputWeight = values(block, "i2h_weight");
            float[] hiddenWeight = values(block, "h2h_weight");
            float[] inputBias = values(block, "i2h_bias");
            float[] hiddenBias = values(block, "h2h_bias");
            float[] bias = new float[GATES * size];
            for (int row = 0; row < GATES * size; row++) {
                bias[row] = (inputBias[row] + hiddenBias[row]) * gateScale(row, size);
            }
            if (layer == 0) {
                firstInput = manager.create(scaleRows(inputWeight, in, size), new Shape(GATES * size, in));
                recurrent = manager.create(scaleRows(hiddenWeight, size, size), new Shape(GATES * size, size));
                firstBias = manager.create(bias);
            } else {
                float[] stacked = new float[GATES * size * (in + size)];
                float[] left = scaleRows(inputWeight, in, size);
                float[] right = scaleRows(hiddenWeight, size, size);
                for (int row = 0; row < GATES * size; row++) {
                    System.arraycopy(left, row * in, stacked, row * (in + size), in);
                    System.arraycopy(right, row * size, stacked, row * (in + size) + in, size);
                }
                stackedWeights[layer] = manager.create(stacked, new Shape(GATES * size, in + size));
                biases[layer] = manager.create(bias);
                biasColumns[layer] = manager.create(bias, new Shape(GATES * size, 1));
            }
        }
        NDArray embeddingCopy = manager.create(embedding.toFloatArray(), new Shape(vocabularySize, embeddingSize));
        this.inputTable = embeddingCopy.getNDArrayInternal().linear(embeddingCopy, firstInput, firstBias).head();
        embeddingCopy.close();
        firstInput.close();
        firstBias.close();
        this.firstRecurrent = recurrent;
        this.decoderWeight = manager.create(model.decoderWeight().getArray().toFloatArray(),
                new Shape(vocabularySize, embeddingSize));
        this.decoderBias = manager.create(model.getParameters().get("decoder_bias").getArray().toFloatArray());
        this.one = manager.create(1f);
        this.two = manager.create(2f);
    }

    /** Lays out a trained (or loaded) model's weights for sampling, with {@link ProductOrder#AUTO}. */
    public static LstmInferenceCell prepare(AwdLstmLanguageModel model) {
        return new LstmInferenceCell(model, ProductOrder.AUTO);
    }

    /** Lays out a trained (or loaded) model's weights for sampling, multiplying in the given order. */
    public static LstmInferenceCell prepare(AwdLstmLanguageModel model, ProductOrder productOrder) {
        return new LstmInferenceCell(model, productOrder);
    }

    public ProductOrder productOrder() {
        return productOrder;
    }

    public AwdLstmLanguageModel model() {
        return model;
    }

    /** Owns the prepared weights; requests work on sub-managers of it. */
    public NDManager manager() {
        return manager;
    }

    public Device device() {
        return manager.getDevice();
    }

    public int vocabularySize() {
        return vocabularySize;
    }

    public int layers() {
        return sizes.length;
    }

    /**
     * Runs prompts through the model's block (the fused kernel, fast over whole sequences) from the
     * zero state. Equal prompts run once, prompts of equal length run together, and the rows are then
     * gathered back into request order.
     *
     * @param prompts one non-empty prompt per row
     * @param manager receives the result and every intermediate array
     * @return the state after each prompt and the scores for the token that follows it
     */
    public CellStep prime(List<int[]> prompts, NDManager manager) {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("at least one prompt is needed");
        }
        Map<PromptKey, Integer> distinct = new LinkedHashMap<>();
        int[] distinctOfRow = new int[prompts.size()];
        for (int row = 0; row < prompts.size(); row++) {
            int[] prompt = prompts.get(row);
            checkIds(prompt, "prompt " + row);
            distinctOfRow[row] = distinct.computeIfAbsent(new PromptKey(prompt), key -> distinct.size());
        }
        Map<Integer, List<int[]>> byLength = new LinkedHashMap<>();
        Map<Integer, List<Integer>> distinctIdsByLength = new HashMap<>();
        for (Map.Entry<PromptKey, Integer> entry : distinct.entrySet()) {
            int length = entry.getKey().ids.length;
            byLength.computeIfAbsent(length, l -> new ArrayList<>()).add(entry.getKey().ids);
            distinctIdsByLength.computeIfAbsent(length, l -> new ArrayList<>()).add(entry.getValue());
        }

        int layers = sizes.length;
        NDList logitParts = new NDList();
        List<NDList> hiddenParts = new ArrayList<>();
        List<NDList> cellParts = new ArrayList<>();
        for (int layer = 0; layer < layers; layer++) {
            hiddenParts.add(new NDList());
            cellParts.add(new NDList());
        }
        int[] stackedRowOfDistinct = new int[distinct.size()];
        int stackedRows = 0;
        ParameterStore parameters = new ParameterStore(manager, false);
        for (Map.Entry<Integer, List<int[]>> group : byLength.entrySet()) {
            int length = group.getKey();
            List<int[]> groupPrompts = group.getValue();
            long[] ids = new long[groupPrompts.size() * length];
            for (int i = 0; i < groupPrompts.size(); i++) {
                for (int t = 0; t < length; t++) {
                    ids[i * length + t] = groupPrompts.get(i)[t];
                }
            }
            NDArray idArray = manager.create(ids, new Shape(groupPrompts.size(), length));
            LanguageModelOutput output = model.forward(parameters, idArray, null, false);
            logitParts.add(output.logits().get(new NDIndex(":, -1, :")));
            for (int layer = 0; layer < layers; layer++) {
                hiddenParts.get(layer).add(output.state().hidden(layer).squeeze(0));
                cellParts.get(layer).add(output.state().cell(layer).squeeze(0));
            }
            for (int distinctId : distinctIdsByLength.get(length)) {
                stackedRowOfDistinct[distinctId] = stackedRows++;
            }
        }
        int[] rows = new int[prompts.size()];
        for (int row = 0; row < rows.length; row++) {
            rows[row] = stackedRowOfDistinct[distinctOfRow[row]];
        }
        NDArray rowIndex = manager.create(rows);
        NDArray[] hidden = new NDArray[layers];
        NDArray[] cell = new NDArray[layers];
        for (int layer = 0; layer < layers; layer++) {
            hidden[layer] = gatherRows(rowIndex, hiddenParts.get(layer));
            cell[layer] = gatherRows(rowIndex, cellParts.get(layer));
        }
        return CellStep.of(gatherRows(rowIndex, logitParts), hidden, cell);
    }

    /**
     * Feeds one token per row. The previous step's arrays are moved to {@code manager} first, so that
     * everything this step computes lands there: closing {@code manager} after the next step frees
     * this one completely.
     *
     * @param tokenIds one id per row
     * @param previous the state before the tokens (from {@link #prime} or an earlier step)
     * @param manager a fresh manager for this step, on the cell's device
     */
    public CellStep step(int[] tokenIds, CellStep previous, NDManager manager) {
        if (tokenIds.length != previous.rows()) {
            throw new IllegalArgumentException("one token per row: " + previous.rows() + " rows, " + tokenIds.length
                    + " tokens");
        }
        previous.attach(manager);
        NDArray ids = manager.create(tokenIds);
        int layers = sizes.length;
        NDArray[] hidden = new NDArray[layers];
        NDArray[] cell = new NDArray[layers];
        boolean weightsFirst = productOrder.resolve() == ProductOrder.WEIGHTS_FIRST;
        NDArray x = null;
        for (int layer = 0; layer < layers; layer++) {
            NDArray previousHidden = previous.hidden().get(layer);
            NDArray input = layer == 0 ? previousHidden : x.concat(previousHidden, 1);
            NDArray weight = layer == 0 ? firstRecurrent : stackedWeights[layer];
            NDArray gates;
            if (layer == 0) {
                NDArray inputGates = ids.getNDArrayInternal().embedding(ids, inputTable, SparseFormat.DENSE).head();
                gates = weightsFirst ? weightsFirst(weight, input, inputGates.transpose(), manager)
                        : linear(input, weight, inputGates);
            } else {
                gates = weightsFirst ? weightsFirst(weight, input, biasColumns[layer], manager)
                        : linear(input, weight, biases[layer]);
            }
            // One sigmoid covers all four gates: the g rows were doubled at preparation, and
            // tanh(x) = 2σ(2x) − 1. libtorch's CPU tanh measured several times slower than its sigmoid
            // (the README's sampling section has the numbers).
            // The gate arithmetic works in place on views of the activations: every array a step allocates
            // is another native free when the step's manager closes, and at small sizes those calls, not the
            // arithmetic, are the cost. c and h stay views of this step's activations.
            NDList gate = gates.getNDArrayInternal().sigmoid().split(GATES, 1);
            NDArray g = gate.get(2).muli(two).subi(one);
            NDArray c = gate.get(1).muli(previous.cell().get(layer)).addi(gate.get(0).muli(g));
            NDArray h = gate.get(3).muli(c.mul(two).getNDArrayInternal().sigmoid().muli(two).subi(one));
            hidden[layer] = h;
            cell[layer] = c;
            x = h;
        }
        return CellStep.of(linear(x, decoderWeight, decoderBias), hidden, cell);
    }

    /**
     * Keeps only some rows, e.g. the samples still running, so that finished ones stop costing.
     *
     * @param rows the rows to keep, in their new order
     */
    public CellStep select(int[] rows, CellStep previous, NDManager manager) {
        previous.attach(manager);
        NDArray rowIndex = manager.create(rows);
        NDArray[] hidden = new NDArray[sizes.length];
        NDArray[] cell = new NDArray[sizes.length];
        for (int layer = 0; layer < sizes.length; layer++) {
            hidden[layer] = gatherRows(rowIndex, new NDList(previous.hidden().get(layer)));
            cell[layer] = gatherRows(rowIndex, new NDList(previous.cell().get(layer)));
        }
        return CellStep.of(gatherRows(rowIndex, new NDList(previous.logits())), hidden, cell);
    }

    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return "LstmInferenceCell(vocabulary " + vocabularySize + ", layers " + Arrays.toString(sizes) + ", "
                + device() + ")";
    }

    private void checkIds(int[] ids, String what) {
        if (ids.length == 0) {
            throw new IllegalArgumentException(what + " is empty; start it with <bos> at least");
        }
        for (int id : ids) {
            if (id < 0 || id >= vocabularySize) {
                throw new IllegalArgumentException(what + " holds token id " + id + ", outside the vocabulary of "
                        + vocabularySize);
            }
        }
    }

    /** Rows of the stacked parts, as a lookup (the embedding op gathers rows of any matrix). */
    private static NDArray gatherRows(NDArray rowIndex, NDList parts) {
        NDArray table = parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 0);
        return rowIndex.getNDArrayInternal().embedding(rowIndex, table, SparseFormat.DENSE).head();
    }

    /**
     * {@code input · weightᵀ + bias} computed as {@code (weight · inputᵀ + biasᵀ)ᵀ}, one {@code addmm}
     * and a transposed view; the product starts on the weight's manager, so it is moved to the step's.
     *
     * @param biasColumn [out, 1], or [out, rows]
     */
    private static NDArray weightsFirst(NDArray weight, NDArray input, NDArray biasColumn, NDManager manager) {
        NDArray product = linear(weight, input, biasColumn);
        product.attach(manager);
        return product.transpose();
    }

    /** {@code input · weightᵀ + bias} in one {@code addmm}; the result lands on the input's manager. */
    private static NDArray linear(NDArray input, NDArray weight, NDArray bias) {
        return input.getNDArrayInternal().linear(input, weight, bias).head();
    }

    private static float[] values(WeightDroppedLstmLayer layer, String name) {
        Parameter parameter = layer.getParameters().get(name);
        return parameter.getArray().toFloatArray();
    }

    /** The factor of a gate's rows: 2 for g (PyTorch's gate order is i, f, g, o), so that σ of it gives tanh. */
    private static float gateScale(int row, int size) {
        return row / size == CELL_GATE ? 2f : 1f;
    }

    /** A copy of a [4·size, columns] weight with the g rows doubled. */
    private static float[] scaleRows(float[] weight, int columns, int size) {
        float[] scaled = weight.clone();
        for (int index = CELL_GATE * size * columns; index < (CELL_GATE + 1) * size * columns; index++) {
            scaled[index] *= 2f;
        }
        return scaled;
    }

    /** A prompt compared by content, so that a prompt shared by every sample is run once. */
    private record PromptKey(int[] ids) {

        @Override
        public boolean equals(Object other) {
            return other instanceof PromptKey that && Arrays.equals(ids, that.ids);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ids);
        }
    }
}
