package dev.clara.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HotSwapModelTest {
    private final List<String> closed = new ArrayList<>();
    private final HotSwapModel<String> holder = new HotSwapModel<>(closed::add);

    @Test
    void nothingToLeaseBeforeTheFirstModel() {
        assertThat(holder.lease()).isEmpty();
        assertThat(holder.version()).isEmpty();
    }

    @Test
    void aSwapDuringARequestKeepsTheOldModelOpenUntilTheRequestEnds() {
        holder.swap("v1", "model-1");
        HotSwapModel.Lease<String> inFlight = holder.lease().orElseThrow();

        holder.swap("v2", "model-2");

        assertThat(holder.version()).contains("v2");
        assertThat(inFlight.model()).isEqualTo("model-1");
        assertThat(closed).isEmpty();
        try (HotSwapModel.Lease<String> next = holder.lease().orElseThrow()) {
            assertThat(next.model()).isEqualTo("model-2");
        }
        inFlight.close();
        assertThat(closed).containsExactly("model-1");
        inFlight.close();
        assertThat(closed).containsExactly("model-1");
    }

    @Test
    void anUnusedModelIsClosedAtOnceWhenReplacedAndTheLastOneAtClear() {
        holder.swap("v1", "model-1");
        holder.swap("v2", "model-2");
        assertThat(closed).containsExactly("model-1");
        holder.clear();
        assertThat(closed).containsExactly("model-1", "model-2");
    }
}
