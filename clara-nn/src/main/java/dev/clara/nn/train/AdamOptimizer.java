package dev.clara.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma &amp; Ba 2015) with L2 weight decay added to the gradient:
 * <pre>
 *   g ← ∇L + λ·w
 *   m ← β₁·m + (1 − β₁)·g        v ← β₂·v + (1 − β₂)·g²
 *   w ← w − η · √(1 − β₂ᵗ)/(1 − β₁ᵗ) · m / (√v + ε)
 * </pre>
 * The update runs in the engine's fused kernel, as DJL's own {@code Adam} does; this class exists
 * because DJL's keeps its moments private, and resuming a run needs them saved. Moments are keyed
 * by the parameter's path in the block, so a checkpoint loads into a freshly built block.
 */
public final class AdamOptimizer implements AutoCloseable {

    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float weightDecay;
    private final Map<String, NDArray[]> moments = new LinkedHashMap<>();
    private long stepCount;

    public AdamOptimizer(float beta1, float beta2, float epsilon, float weightDecay) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
    }

    /** Updates completed so far; the next update is number {@code stepCount() + 1}. */
    public long stepCount() {
        return stepCount;
    }

    /**
     * Applies one update to every trainable parameter from its accumulated gradient, then zeroes
     * the gradient.
     *
     * @param parameters the block's parameters, by path
     * @param learningRate η for this step
     */
    public void step(PairList<String, Parameter> parameters, float learningRate) {
        stepCount++;
        double correction1 = 1 - Math.pow(beta1, stepCount);
        double correction2 = 1 - Math.pow(beta2, stepCount);
        float correctedRate = (float) (learningRate * Math.sqrt(correction2) / correction1);
        for (Pair<String, Parameter> entry : parameters) {
            Parameter parameter = entry.getValue();
            if (!parameter.requiresGradient()) {
                continue;
            }
            NDArray weight = parameter.getArray();
            NDArray[] state = moments.computeIfAbsent(entry.getKey(),
                    k -> new NDArray[] {weight.zerosLike(), weight.zerosLike()});
            try (NDArray gradient = weight.getGradient()) {
                weight.getNDArrayInternal().adamUpdate(
                        new NDList(weight, gradient, state[0], state[1]), new NDList(weight),
                        learningRate, correctedRate, weightDecay, 1f, -1f, beta1, beta2, epsilon, true, false);
            }
        }
    }

    /** Writes the step count and both moments of every parameter. */
    public void save(DataOutputStream out) throws IOException {
        out.writeLong(stepCount);
        out.writeInt(moments.size());
        for (Map.Entry<String, NDArray[]> entry : moments.entrySet()) {
            out.writeUTF(entry.getKey());
            out.write(entry.getValue()[0].encode());
            out.write(entry.getValue()[1].encode());
        }
    }

    /**
     * Replaces the state with one written by {@link #save(DataOutputStream)}.
     *
     * @param manager owns the moments from now on; the model's manager, so that they live as long as the weights
     */
    public void load(NDManager manager, DataInputStream in) throws IOException {
        close();
        stepCount = in.readLong();
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            NDArray mean = manager.decode(in);
            NDArray variance = manager.decode(in);
            moments.put(name, new NDArray[] {mean, variance});
        }
    }

    @Override
    public void close() {
        for (NDArray[] state : moments.values()) {
            state[0].close();
            state[1].close();
        }
        moments.clear();
    }
}
