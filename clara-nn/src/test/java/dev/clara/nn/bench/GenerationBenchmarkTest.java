package dev.clara.nn.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GenerationBenchmarkTest {

    @Test
    void reportsTheFastAndTheNaiveLoop() throws IOException {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            GenerationBenchmark.main(new String[] {"--size", "tiny", "--samples", "3", "--tokens", "25", "--vocab", "30",
                    "--naive"});
        } finally {
            System.setOut(original);
        }
        String report = captured.toString(StandardCharsets.UTF_8);

        assertThat(report).contains("size=tiny vocabulary=30").contains("samples=3 tokens=25")
                .containsPattern("fast: steps=25 ms/step=[0-9.]+ tokens/s=[0-9.]+")
                .containsPattern("naive: steps=25 ms/step=[0-9.]+ tokens/s=[0-9.]+")
                .containsPattern("speed-up=[0-9.]+x");
    }

    @Test
    void rejectsUnknownOptions() {
        assertThatThrownBy(() -> GenerationBenchmark.main(new String[] {"--size", "huge"}))
                .hasMessageContaining("use tiny or clara");
        assertThatThrownBy(() -> GenerationBenchmark.main(new String[] {"--temperature", "2"}))
                .hasMessageContaining("unknown option --temperature");
    }
}
