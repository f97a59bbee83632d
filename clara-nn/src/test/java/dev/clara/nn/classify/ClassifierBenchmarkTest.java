package dev.clara.nn.classify;

import dev.clara.nn.testing.OneTorchThread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(OneTorchThread.class)
class ClassifierBenchmarkTest {

    @Test
    void reportsScoringTimeAndTrainingThroughput() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ClassifierBenchmark.main(new String[] {"--size", "tiny", "--tokens", "150", "--repeats", "1",
                    "--train-steps", "1", "--vocab", "30"});
        } finally {
            System.setOut(original);
        }
        String report = captured.toString(StandardCharsets.UTF_8);

        assertThat(report).contains("size=tiny").contains("score 150 tokens (3 windows of 64)")
                .containsPattern("median [0-9.]+ ms \\(calling thread\\), [0-9.]+ ms \\(pool thread\\)")
                .containsPattern("train 1 steps of batch 32 × bptt 64: [0-9]+ tokens/s");
    }

    @Test
    void rejectsUnknownSizes() {
        assertThatThrownBy(() -> ClassifierBenchmark.main(new String[] {"--size", "huge"}))
                .hasMessageContaining("use tiny, default or clara");
    }
}
