package dev.clara.nn.device;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets how many threads libtorch uses: intra-op (the threads one operator such as a matrix
 * product is split over) and inter-op (independent operators run in parallel).
 *
 * <p>DJL reads {@code ai.djl.pytorch.num_threads} and {@code ai.djl.pytorch.num_interop_threads}
 * when it first loads the engine, so this must run before the first NDArray is made for the
 * inter-op count to take effect; libtorch refuses to change it once parallel work has started.
 * The intra-op count can be changed at any time and is also applied directly.
 */
public final class TorchThreads {

    private static final Logger LOG = LoggerFactory.getLogger(TorchThreads.class);
    public static final String INTRA_OP_PROPERTY = "ai.djl.pytorch.num_threads";
    public static final String INTER_OP_PROPERTY = "ai.djl.pytorch.num_interop_threads";

    private TorchThreads() {}

    /**
     * Applies the thread counts; 0 leaves a count at libtorch's default (the number of cores).
     *
     * @param intraOp threads per operator
     * @param interOp operators in parallel
     */
    public static void configure(int intraOp, int interOp) {
        if (intraOp < 0 || interOp < 0) {
            throw new IllegalArgumentException("thread counts must not be negative: " + intraOp + ", " + interOp);
        }
        if (intraOp > 0) {
            System.setProperty(INTRA_OP_PROPERTY, Integer.toString(intraOp));
        }
        if (interOp > 0) {
            System.setProperty(INTER_OP_PROPERTY, Integer.toString(interOp));
        }
        Engine.getEngine("PyTorch");
        if (intraOp > 0 && JniUtils.getNumThreads() != intraOp) {
            JniUtils.setNumThreads(intraOp);
        }
        if (interOp > 0 && JniUtils.getNumInteropThreads() != interOp) {
            LOG.warn("libtorch already runs {} inter-op threads and cannot change now; {} asked for. "
                    + "Configure threads before the engine's first use.", JniUtils.getNumInteropThreads(), interOp);
        }
        LOG.info("libtorch threads: {} intra-op, {} inter-op", JniUtils.getNumThreads(), JniUtils.getNumInteropThreads());
    }

    public static int intraOpThreads() {
        Engine.getEngine("PyTorch");
        return JniUtils.getNumThreads();
    }

    public static int interOpThreads() {
        Engine.getEngine("PyTorch");
        return JniUtils.getNumInteropThreads();
    }
}
