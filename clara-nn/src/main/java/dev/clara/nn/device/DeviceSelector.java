package dev.clara.nn.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link DevicePolicy} into a DJL {@link Device}. The number of GPUs is injected so that
 * the decision can be tested on a machine without one.
 */
public final class DeviceSelector {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceSelector.class);

    private final IntSupplier gpuCount;

    /** @param gpuCount how many GPUs the engine can use */
    public DeviceSelector(IntSupplier gpuCount) {
        this.gpuCount = gpuCount;
    }

    /** A selector asking the PyTorch engine how many GPUs it sees (0 with the CPU-only natives). */
    public static DeviceSelector forPyTorch() {
        return new DeviceSelector(() -> Engine.getEngine("PyTorch").getGpuCount());
    }

    /**
     * Picks the device.
     *
     * @param policy what the configuration asks for
     * @param gpuIndex which GPU to use when one is used
     * @throws IllegalStateException when a GPU is required but none, or not that many, is available
     */
    public Device select(DevicePolicy policy, int gpuIndex) {
        if (gpuIndex < 0) {
            throw new IllegalArgumentException("the GPU index must not be negative, was " + gpuIndex);
        }
        int gpus = gpuCount.getAsInt();
        Device device = switch (policy) {
            case CPU -> Device.cpu();
            case AUTO -> gpus > gpuIndex ? Device.gpu(gpuIndex) : Device.cpu();
            case GPU -> {
                if (gpus == 0) {
                    throw new IllegalStateException("device policy 'gpu' needs a GPU, but the PyTorch engine finds none: "
                            + "check the CUDA driver and that a CUDA build of libtorch is installed "
                            + "(PYTORCH_LIBRARY_PATH, PYTORCH_FLAVOR), or use 'auto' or 'cpu'");
                }
                if (gpuIndex >= gpus) {
                    throw new IllegalStateException("GPU " + gpuIndex + " was asked for, but only " + gpus + " found");
                }
                yield Device.gpu(gpuIndex);
            }
        };
        LOG.info("device policy {} with {} GPU(s) found: using {}", policy, gpus, device);
        return device;
    }

    /** Picks the device, using the first GPU when one is used. */
    public Device select(DevicePolicy policy) {
        return select(policy, 0);
    }
}
