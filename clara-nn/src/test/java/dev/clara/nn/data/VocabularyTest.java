package dev.clara.nn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyTest {

    private static final List<List<String>> CORPUS = List.of(
            List.of("p28", "wait3", "endp28", "wait3"),
            List.of("p30", "wait3", "endp30", "p28"));

    @Test
    void specialTokensComeFirstThenTokensByFrequencyThenSpelling() {
        Vocabulary vocabulary = Vocabulary.build(CORPUS);

        // wait3 ×3, p28 ×2, then endp28, endp30, p30 once each, alphabetically.
        assertThat(vocabulary.tokens()).containsExactly(
                "<unk>", "<pad>", "<bos>", "wait3", "p28", "endp28", "endp30", "p30");
        assertThat(vocabulary.id(Vocabulary.UNKNOWN)).isEqualTo(Vocabulary.UNKNOWN_ID);
        assertThat(vocabulary.id(Vocabulary.PADDING)).isEqualTo(Vocabulary.PADDING_ID);
        assertThat(vocabulary.id(Vocabulary.PIECE_START)).isEqualTo(Vocabulary.PIECE_START_ID);
    }

    @Test
    void theOrderOfPiecesDoesNotChangeTheVocabulary() {
        assertThat(Vocabulary.build(List.of(CORPUS.get(1), CORPUS.get(0)))).isEqualTo(Vocabulary.build(CORPUS));
    }

    @Test
    void unseenTokensMapToUnknown() {
        Vocabulary vocabulary = Vocabulary.build(CORPUS);

        assertThat(vocabulary.encode(List.of("p28", "p99", "wait3")))
                .containsExactly(vocabulary.id("p28"), Vocabulary.UNKNOWN_ID, vocabulary.id("wait3"));
        assertThat(vocabulary.contains("p99")).isFalse();
        assertThat(vocabulary.decode(new int[] {0, 3})).containsExactly("<unk>", "wait3");
    }

    @Test
    void rareTokensCanBeLeftToUnknown() {
        Vocabulary vocabulary = Vocabulary.build(CORPUS, 2);

        assertThat(vocabulary.tokens()).containsExactly("<unk>", "<pad>", "<bos>", "wait3", "p28");
        assertThat(vocabulary.id("p30")).isEqualTo(Vocabulary.UNKNOWN_ID);
    }

    @Test
    void savesAndLoadsAsOneTokenPerLine(@TempDir Path dir) throws IOException {
        Vocabulary vocabulary = Vocabulary.build(CORPUS);
        Path file = dir.resolve("vocab.txt");

        vocabulary.save(file);

        assertThat(Files.readAllLines(file)).startsWith("<unk>", "<pad>", "<bos>", "wait3");
        assertThat(Vocabulary.load(file)).isEqualTo(vocabulary);
    }

    @Test
    void refusesAFileWithoutTheSpecialTokens(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("vocab.txt");
        Files.write(file, List.of("p28", "wait3"));

        assertThatThrownBy(() -> Vocabulary.load(file)).isInstanceOf(IOException.class).hasMessageContaining("<unk>");
    }

    @Test
    void refusesTokensWithWhiteSpace() {
        assertThatThrownBy(() -> Vocabulary.build(List.of(List.of("p 28"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("white space");
    }
}
