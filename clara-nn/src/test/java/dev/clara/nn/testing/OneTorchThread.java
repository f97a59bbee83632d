package dev.clara.nn.testing;

import dev.clara.nn.device.TorchThreads;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class with one libtorch intra-op thread and restores the count afterwards. The tests'
 * networks are tiny, so each operator is far too small to split; with two threads on a machine whose
 * cores other processes also use, every operator waits for a descheduled helper thread, and the
 * same training measured 1,400 instead of 31,000 tokens/s.
 */
public final class OneTorchThread implements BeforeAllCallback, AfterAllCallback {

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
