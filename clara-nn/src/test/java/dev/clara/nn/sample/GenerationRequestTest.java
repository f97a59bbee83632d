package dev.clara.nn.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clara.nn.data.Vocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenerationRequestTest {

    @Test
    void everySampleStartsFromPieceStartUnlessPrompted() {
        GenerationRequest request = GenerationRequest.builder().setCount(3).setLength(10).build();

        assertThat(request.prompt(2)).containsExactly(Vocabulary.PIECE_START_ID);
        assertThat(request.length(1)).isEqualTo(10);
        assertThat(request.maxLength()).isEqualTo(10);
        assertThat(request.settings()).isEqualTo(SamplingSettings.clara());
        assertThat(request.seed()).isEmpty();
        assertThat(request.cancellation().getAsBoolean()).isFalse();
    }

    @Test
    void copiesWhatItIsGiven() {
        int[] prompt = {2, 5};
        int[] lengths = {3, 4};
        GenerationRequest request = GenerationRequest.builder().setCount(2).optLengths(lengths).optPrompt(prompt).build();
        prompt[1] = 9;
        lengths[1] = 9;

        assertThat(request.prompt(1)).containsExactly(2, 5);
        assertThat(request.length(1)).isEqualTo(4);
        assertThat(request.maxLength()).isEqualTo(4);
    }

    @Test
    void rejectsRequestsThatCannotRun() {
        assertThatThrownBy(() -> GenerationRequest.builder().setLength(5).build())
                .hasMessageContaining("number of samples must be at least 1");
        assertThatThrownBy(() -> GenerationRequest.builder().setCount(2).build())
                .hasMessageContaining("length target must be at least 1 token");
        assertThatThrownBy(() -> GenerationRequest.builder().setCount(2).optLengths(new int[] {3}).build())
                .hasMessageContaining("one length per sample (2)");
        assertThatThrownBy(() -> GenerationRequest.builder().setCount(2).setLength(3)
                .optPrompts(List.of(new int[] {2})).build()).hasMessageContaining("one prompt per sample (2)");
        assertThatThrownBy(() -> GenerationRequest.builder().setCount(1).setLength(3).optPrompt(new int[] {2, -1}).build())
                .hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> GenerationRequest.builder().setCount(1).setLength(3).optListener(p -> { }, 0).build())
                .hasMessageContaining("interval must be at least 1");
    }
}
