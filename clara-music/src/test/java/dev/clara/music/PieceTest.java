package dev.clara.music;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PieceTest {

    @Test
    void sortsNotesByStartAndIsImmutable() {
        Piece piece = Piece.of("t", List.of(Note.piano(64, 1, 2), Note.solo(60, 0, 1), Note.piano(60, 0, 3)));

        assertThat(piece.notes()).containsExactly(Note.piano(60, 0, 3), Note.solo(60, 0, 1), Note.piano(64, 1, 2));
        assertThatThrownBy(() -> piece.notes().add(Note.piano(1, 0, 1)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(piece.durationQuarters()).isEqualTo(3.0);
        assertThat(piece.hasSolo()).isTrue();
        assertThat(piece.noteCount()).isEqualTo(3);
        assertThat(Piece.of("t", List.of(Note.piano(1, 0, 1))).hasSolo()).isFalse();
    }

    @Test
    void measuresSecondsThroughEveryTempoChange() {
        TempoMap tempo = TempoMap.of(List.of(new TempoChange(0, 60), new TempoChange(4, 120),
                new TempoChange(8, 30)));
        Piece piece = Piece.of("", List.of(Note.piano(60, 0, 10)), tempo);

        // 4 quarters at 60 (4 s) + 4 at 120 (2 s) + 2 at 30 (4 s)
        assertThat(piece.durationSeconds()).isCloseTo(10.0, within(1e-12));
        assertThat(piece.tempoBpm()).isEqualTo(60);
        assertThat(Piece.of("", List.of()).durationSeconds()).isZero();
    }

    @Test
    void assumes120BeforeTheFirstTempoAndLetsTheLastChangeAtAPositionWin() {
        TempoMap tempo = TempoMap.of(List.of(new TempoChange(2, 90), new TempoChange(2, 60)));

        assertThat(tempo.firstBpm()).isEqualTo(60);
        assertThat(tempo.bpmAt(1)).isEqualTo(120);
        assertThat(tempo.bpmAt(2)).isEqualTo(60);
        assertThat(tempo.seconds(3)).isCloseTo(2.0, within(1e-12)); // 2 quarters at 120 + 1 at 60
        assertThat(TempoMap.constant(120)).isEqualTo(TempoMap.defaultTempo());
        assertThat(TempoMap.of(List.of(new TempoChange(0, 80), new TempoChange(4, 80))).changes()).hasSize(1);
    }

    @Test
    void refusesImpossibleNotes() {
        assertThatThrownBy(() -> Note.piano(128, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Note.piano(60, 1, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Note.piano(60, -1, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Note.piano(60, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Note(60, 0, 1, 0, Part.PIANO)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Note.piano(60, 1, 1).durationQuarters()).isZero();
    }
}
