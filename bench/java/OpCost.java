import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.clara.nn.device.TorchThreads;
import java.util.Locale;

/**
 * The cost of one small libtorch op called through DJL, as the sampler's inference cell calls them: each result on a
 * fresh sub-manager that is closed right after (bench/, compiled by bench/run against clara-nn's classpath). The
 * counterpart is bench/python/op_cost.py. Prints the best of 3 rounds of 20,000 calls, in µs per call.
 */
public final class OpCost {
    public static void main(String[] args) {
        TorchThreads.configure(1, 1);
        JniUtils.setGradMode(false);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0, 1, new Shape(16, 1024));
            NDArray y = m.randomUniform(0, 1, new Shape(16, 1024));
            NDArray h = m.randomUniform(0, 1, new Shape(16, 256));
            NDArray w = m.randomUniform(0, 1, new Shape(256, 1024));
            double add = Double.MAX_VALUE, sigmoid = Double.MAX_VALUE, matmul = Double.MAX_VALUE;
            int n = 20000;
            for (int round = 0; round < 3; round++) {
                long t = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    try (NDManager s = m.newSubManager()) {
                        x.add(y).attach(s);
                    }
                }
                add = Math.min(add, (System.nanoTime() - t) / 1e3 / n);
                t = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    try (NDManager s = m.newSubManager()) {
                        x.getNDArrayInternal().sigmoid().attach(s);
                    }
                }
                sigmoid = Math.min(sigmoid, (System.nanoTime() - t) / 1e3 / n);
                t = System.nanoTime();
                for (int i = 0; i < n / 10; i++) {
                    try (NDManager s = m.newSubManager()) {
                        h.matMul(w).attach(s);
                    }
                }
                matmul = Math.min(matmul, (System.nanoTime() - t) / 1e3 / (n / 10));
            }
            System.out.printf(Locale.ROOT, "{\"side\":\"djl\",\"add_16x1024_us\":%.2f,\"sigmoid_16x1024_us\":%.2f,"
                    + "\"matmul_16x256x1024_us\":%.1f}%n", add, sigmoid, matmul);
        }
    }
}
