package dev.clara.nn.sample;

import dev.clara.nn.device.TorchThreads;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class with one libtorch intra-op thread and restores the count afterwards. The tests'
 * networks are tiny; with two threads on cores that other processes also use, every operator can wait
 * for a descheduled helper thread (a 120-token test took 5 s instead of 0.1 s).
 */
final class OneTorchThread implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(OneTorchThread.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put("threads", TorchThreads.intraOpThreads());
        TorchThreads.configure(1, 0);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Integer previous = context.getStore(NAMESPACE).get("threads", Integer.class);
        if (previous != null) {
            TorchThreads.configure(previous, 0);
        }
    }
}
