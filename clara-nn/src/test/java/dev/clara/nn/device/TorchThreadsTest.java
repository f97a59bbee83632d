package dev.clara.nn.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TorchThreadsTest {

    @Test
    void setsTheIntraOpThreadCountOfTheRunningEngine() {
        int original = TorchThreads.intraOpThreads();
        try {
            TorchThreads.configure(1, 0);

            assertThat(TorchThreads.intraOpThreads()).isEqualTo(1);
            assertThat(System.getProperty(TorchThreads.INTRA_OP_PROPERTY)).isEqualTo("1");
        } finally {
            TorchThreads.configure(original, 0);
        }
        assertThat(TorchThreads.intraOpThreads()).isEqualTo(original);
    }

    @Test
    void rejectsNegativeCounts() {
        assertThatThrownBy(() -> TorchThreads.configure(-1, 0)).hasMessageContaining("must not be negative");
    }
}
