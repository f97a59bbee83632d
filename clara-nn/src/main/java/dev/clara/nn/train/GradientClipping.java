package dev.clara.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Clipping by global norm, as PyTorch's {@code clip_grad_norm_} (Pascanu et al. 2013): when the L2
 * norm of all gradients taken together exceeds {@code maxNorm}, every gradient is scaled by
 * {@code maxNorm / (‖g‖ + 10⁻⁶)}.
 *
 * <p>DJL's optimisers only clip element by element, which changes the gradient's direction; the
 * global norm keeps the direction and bounds the step, which is what AWD-LSTM's recipe relies on.
 */
public final class GradientClipping {

    private static final double EPSILON = 1e-6;

    private GradientClipping() {}

    /**
     * The global L2 norm of the gradients, without changing them.
     *
     * @param manager owns the temporaries, so that nothing accumulates on the model's manager
     */
    public static float globalNorm(PairList<String, Parameter> parameters, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            return (float) Math.sqrt(sumOfSquares(gradients(parameters, scope)));
        }
    }

    /**
     * Scales the gradients in place so that their global norm is at most {@code maxNorm}.
     *
     * @return the norm before clipping, as PyTorch returns it
     */
    public static float clipByGlobalNorm(PairList<String, Parameter> parameters, float maxNorm, NDManager manager) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("the largest norm must be positive, was " + maxNorm);
        }
        try (NDManager scope = manager.newSubManager()) {
            List<NDArray> gradients = gradients(parameters, scope);
            double norm = Math.sqrt(sumOfSquares(gradients));
            double scale = maxNorm / (norm + EPSILON);
            if (scale < 1) {
                for (NDArray gradient : gradients) {
                    gradient.muli((float) scale);
                }
            }
            return (float) norm;
        }
    }

    private static List<NDArray> gradients(PairList<String, Parameter> parameters, NDManager scope) {
        List<NDArray> gradients = new ArrayList<>();
        for (Pair<String, Parameter> entry : parameters) {
            Parameter parameter = entry.getValue();
            if (parameter.requiresGradient() && parameter.isInitialized()) {
                // The engine hands out a new handle to the same gradient storage; the scope closes the handle only.
                NDArray gradient = parameter.getArray().getGradient();
                gradient.attach(scope);
                gradients.add(gradient);
            }
        }
        return gradients;
    }

    private static double sumOfSquares(List<NDArray> gradients) {
        if (gradients.isEmpty()) {
            return 0;
        }
        NDList squares = new NDList(gradients.size());
        for (NDArray gradient : gradients) {
            squares.add(gradient.square().sum());
        }
        // One device-to-host copy for the whole model rather than one per parameter.
        return squares.size() == 1 ? squares.get(0).getFloat() : ai.djl.ndarray.NDArrays.stack(squares).sum().getFloat();
    }
}
