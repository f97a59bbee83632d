package dev.clara.music;

import dev.clara.music.encoding.EncodingSpec;
import dev.clara.music.encoding.NotewiseVocabulary;
import dev.clara.music.encoding.TokenEncoder;
import dev.clara.music.midi.MidiReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the shared real corpus when this checkout has one next to it ({@code ../shared/corpus} from the repository
 * root, or the folder named by {@code -Dclara.corpus}); skipped elsewhere. Nothing is copied from it.
 */
@EnabledIf("corpusPresent")
class CorpusSmokeTest {

    static Path corpus() {
        String configured = System.getProperty("clara.corpus");
        return Stream.of(configured == null ? null : Path.of(configured), Path.of("../../shared/corpus"),
                        Path.of("../shared/corpus"))
                .filter(p -> p != null && Files.isDirectory(p.resolve("piano")))
                .findFirst().orElse(null);
    }

    static boolean corpusPresent() {
        return corpus() != null;
    }

    @Test
    void readsAndEncodesEveryPianoPiece() throws Exception {
        EncodingSpec spec = EncodingSpec.NOTEWISE;
        TokenEncoder encoder = TokenEncoder.forSpec(spec);
        Set<String> used = new HashSet<>();
        List<Path> files = midiFiles(corpus().resolve("piano"));
        for (Path file : files) {
            Piece piece = MidiReader.forPiano().read(file);
            List<String> tokens = encoder.encode(piece);
            used.addAll(tokens);
            assertThat(encoder.encode(encoder.decode(tokens, piece.tempoBpm()))).as(file.toString()).isEqualTo(tokens);
        }
        assertThat(files).hasSizeGreaterThan(100);
        assertThat(used.size()).isLessThanOrEqualTo(62 * 2 + 2 * spec.sampleFreq());
        assertThat(NotewiseVocabulary.of(spec).tokens()).containsAll(used);
    }

    @Test
    void readsSongsAsVoiceAndPiano() throws Exception {
        List<Path> files = midiFiles(corpus().resolve("songs"));
        int withSolo = 0;
        int refused = 0;
        for (Path file : files) {
            try {
                if (MidiReader.forChamber().read(file).hasSolo()) {
                    withSolo++;
                }
            } catch (MidiFormatException e) {
                assertThat(e.code()).as(file + ": " + e.getMessage()).isEqualTo(ErrorCode.UNSUPPORTED_INSTRUMENTATION);
                refused++;
            }
        }
        assertThat(withSolo).isGreaterThan((files.size() - refused) * 95 / 100);
        assertThat(refused).isLessThan(files.size() / 50);
    }

    private static List<Path> midiFiles(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> p.toString().endsWith(".mid")).sorted().toList();
        }
    }
}
