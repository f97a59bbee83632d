package dev.clara.nn.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TrainingBenchmarkTest {

    @Test
    void reportsThroughputAndPeakMemory() throws IOException {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            TrainingBenchmark.main(new String[] {"--size", "tiny", "--steps", "2", "--warmup", "1", "--batch", "4",
                    "--bptt", "16", "--vocab", "30", "--device", "cpu"});
        } finally {
            System.setOut(original);
        }
        String report = captured.toString(StandardCharsets.UTF_8);

        assertThat(report).contains("size=tiny").contains("device=cpu()").contains("batch=4 bptt=16")
                .containsPattern("tokens/s=[0-9.]+").containsPattern("peak RSS \\(VmHWM\\)=[0-9]+ MiB");
    }

    @Test
    void rejectsUnknownOptions() {
        assertThatThrownBy(() -> TrainingBenchmark.main(new String[] {"--size", "huge"}))
                .hasMessageContaining("use tiny or clara");
    }
}
