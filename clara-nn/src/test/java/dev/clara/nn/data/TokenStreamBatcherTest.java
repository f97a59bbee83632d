package dev.clara.nn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TokenStreamBatcherTest {

    /** Pieces of distinct ids so that every position of the concatenation is recognisable. */
    private static final List<int[]> PIECES = List.of(
            IntStream.range(100, 110).toArray(),
            IntStream.range(200, 207).toArray(),
            IntStream.range(300, 312).toArray());

    private static int[] concatenation() {
        List<Integer> all = new ArrayList<>();
        for (int[] piece : PIECES) {
            all.add(Vocabulary.PIECE_START_ID);
            for (int id : piece) {
                all.add(id);
            }
        }
        return all.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void streamsAreContiguousSlicesOfTheCorpusWithBosBeforeEachPiece() {
        TokenStreamBatcher batcher = TokenStreamBatcher.builder().setBatchSize(4).setBptt(3).build();

        TokenStreams streams = batcher.arrange(PIECES);

        int[] corpus = concatenation(); // 32 tokens
        assertThat(streams.batchSize()).isEqualTo(4);
        assertThat(streams.streamLength()).isEqualTo(8);
        for (int b = 0; b < 4; b++) {
            assertThat(streams.stream(b)).containsExactly(Arrays.copyOfRange(corpus, 8 * b, 8 * b + 8));
        }
        assertThat(streams.stream(0)[0]).isEqualTo(Vocabulary.PIECE_START_ID);
    }

    @Test
    void dropsTheTailThatDoesNotFillEveryStream() {
        TokenStreams streams = TokenStreamBatcher.builder().setBatchSize(5).setBptt(3).build().arrange(PIECES);

        assertThat(streams.streamLength()).isEqualTo(6); // 32 / 5
        assertThat(streams.stream(4)).containsExactly(Arrays.copyOfRange(concatenation(), 24, 30));
    }

    @Test
    void windowsAreConsecutiveAndTargetsAreInputsShiftedByOne() {
        TokenStreamBatcher batcher = TokenStreamBatcher.builder().setBatchSize(4).setBptt(3).build();
        TokenStreams streams = batcher.arrange(PIECES);

        List<TokenWindow> windows = batcher.windows(streams.streamLength(), new Random(1));

        // 7 (input, target) pairs per stream: windows of 3, 3 and 1.
        assertThat(windows).extracting(TokenWindow::start).containsExactly(0, 3, 6);
        assertThat(windows).extracting(TokenWindow::length).containsExactly(3, 3, 1);
        for (TokenWindow window : windows) {
            long[] inputs = streams.inputIds(window);
            long[] targets = streams.targetIds(window);
            for (int b = 0; b < 4; b++) {
                int[] stream = streams.stream(b);
                for (int t = 0; t < window.length(); t++) {
                    assertThat(inputs[b * window.length() + t]).isEqualTo(stream[window.start() + t]);
                    assertThat(targets[b * window.length() + t]).isEqualTo(stream[window.start() + t + 1]);
                }
            }
        }
    }

    @Test
    void jitteredLengthsVaryAroundBpttAndRepeatWithTheSeed() {
        TokenStreamBatcher batcher = TokenStreamBatcher.builder().setBatchSize(1).setBptt(40).optLengthJitter(true).build();

        List<TokenWindow> first = batcher.windows(100_001, new Random(7));
        List<TokenWindow> again = batcher.windows(100_001, new Random(7));

        assertThat(first).isEqualTo(again);
        int[] lengths = first.subList(0, first.size() - 1).stream().mapToInt(TokenWindow::length).toArray();
        assertThat(IntStream.of(lengths).distinct().count()).isGreaterThan(10);
        assertThat(IntStream.of(lengths).min().getAsInt()).isGreaterThanOrEqualTo(5);
        assertThat(IntStream.of(lengths).filter(l -> l < 30).count()).as("half-length windows about 5%% of the time")
                .isBetween((long) (0.02 * lengths.length), (long) (0.09 * lengths.length));
        assertThat(IntStream.of(lengths).average().getAsDouble()).isBetween(37.0, 40.0);
        // Still consecutive and covering every pair.
        int position = 0;
        for (TokenWindow window : first) {
            assertThat(window.start()).isEqualTo(position);
            position += window.length();
        }
        assertThat(position).isEqualTo(100_000);
    }

    @Test
    void explainsWhenTheCorpusIsTooSmall() {
        TokenStreamBatcher batcher = TokenStreamBatcher.builder().setBatchSize(32).setBptt(8).build();

        assertThatThrownBy(() -> batcher.arrange(List.of(new int[] {5, 6, 7})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 tokens").hasMessageContaining("32 streams");
    }

    @Test
    void rejectsAZeroBatchOrBptt() {
        assertThatThrownBy(() -> TokenStreamBatcher.builder().setBatchSize(0).setBptt(3).build())
                .hasMessageContaining("batch size");
        assertThatThrownBy(() -> TokenStreamBatcher.builder().setBatchSize(2).setBptt(0).build())
                .hasMessageContaining("bptt");
    }
}
