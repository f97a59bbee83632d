package dev.clara.music.encoding;

import dev.clara.music.Note;
import dev.clara.music.Piece;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TransposerTest {

    @Test
    void coversTwelveKeysFromAFifthDownToATritoneUp() {
        assertThat(Transposer.ALL_KEYS).containsExactly(-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6);
    }

    @Test
    void shiftsNotewiseKeysAndDropsNotesPushedOutWithTheirEnds() {
        List<String> tokens = List.of("xxbos", "p0", "p60", "v3", "wait12", "endp0", "endv3", "endp60");
        EncodingSpec spec = EncodingSpec.NOTEWISE_CHAMBER;

        assertThat(Transposer.transpose(tokens, 2, spec))
                .containsExactly("xxbos", "p2", "v5", "wait12", "endp2", "endv5");
        assertThat(Transposer.transpose(tokens, -1, spec))
                .containsExactly("xxbos", "p59", "v2", "wait12", "endv2", "endp59");
        assertThat(Transposer.transpose(tokens, 0, spec)).isEqualTo(tokens);
    }

    @Test
    void shiftsChordwiseDigitsWhichFallOffTheEdges() {
        EncodingSpec spec = new EncodingSpec(Scheme.CHORDWISE, 4, 12, 60, true);
        List<String> tokens = List.of("v100000000002", "p120000000001", "xxbos");

        assertThat(Transposer.transpose(tokens, 1, spec))
                .containsExactly("v010000000000", "p012000000000", "xxbos");
        assertThat(Transposer.transpose(tokens, -1, spec))
                .containsExactly("v000000000020", "p200000000010", "xxbos");
    }

    @Test
    void mergesTheWaitsAroundDroppedNotesAndDropsTrailingSilence() throws Exception {
        TokenEncoder notewise = TokenEncoder.forSpec(EncodingSpec.NOTEWISE);
        List<String> tokens = notewise.encode(Piece.of("", List.of(Note.piano(33, 0, 1), Note.piano(94, 1, 2),
                Note.piano(33, 2, 3), Note.piano(94, 3, 5))));
        assertThat(tokens).containsExactly("p0", "wait12", "endp0", "p61", "wait12", "endp61", "p0", "wait12",
                "endp0", "p61", "wait24", "endp61");

        assertThat(Transposer.transpose(tokens, 1, EncodingSpec.NOTEWISE))
                .containsExactly("p1", "wait12", "endp1", "wait12", "p1", "wait12", "endp1")
                .isEqualTo(notewise.encode(Piece.of("", List.of(Note.piano(34, 0, 1), Note.piano(34, 2, 3)))));

        EncodingSpec octave = new EncodingSpec(Scheme.CHORDWISE, 4, 12, 60, false);
        assertThat(Transposer.transpose(List.of("p100000000000", "p000000000001"), 1, octave))
                .containsExactly("p010000000000");
    }

    @Test
    void givesTheEncodingOfTheTransposedPieceInEveryKey() throws Exception {
        Piece piece = Piece.of("", List.of(Note.piano(60, 0, 1), Note.solo(72, 0.5, 2), Note.piano(64, 1, 1.5)));
        for (EncodingSpec spec : List.of(EncodingSpec.NOTEWISE_CHAMBER, EncodingSpec.CHORDWISE_CHAMBER)) {
            TokenEncoder encoder = TokenEncoder.forSpec(spec);
            for (int semitones : Transposer.ALL_KEYS) {
                Piece shifted = piece.withNotes(piece.notes().stream()
                        .map(n -> n.withPitch(n.pitch() + semitones)).toList());
                assertThat(Transposer.transpose(encoder.encode(piece), semitones, spec))
                        .as("%s by %d", spec, semitones).isEqualTo(encoder.encode(shifted));
            }
        }
    }
}
