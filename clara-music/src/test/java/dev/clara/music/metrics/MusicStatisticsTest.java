package dev.clara.music.metrics;

import dev.clara.music.Note;
import dev.clara.music.Piece;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MusicStatisticsTest {

    private static final Piece EMPTY = Piece.of("", List.of());

    private static Piece piece(Note... notes) {
        return Piece.of("", List.of(notes));
    }

    @Test
    void pitchRangeIsHighestMinusLowest() {
        assertThat(MusicStatistics.pitchRange(piece(Note.piano(60, 0, 1), Note.solo(67, 0, 1), Note.piano(64, 1, 2))))
                .isEqualTo(7.0);
        assertThat(MusicStatistics.pitchRange(EMPTY)).isNaN();
    }

    @Test
    void nPitchClassesUsedCountsDistinctPitchClasses() {
        assertThat(MusicStatistics.nPitchClassesUsed(piece(Note.piano(60, 0, 1), Note.piano(72, 1, 2),
                Note.piano(64, 2, 3)))).isEqualTo(2);
        assertThat(MusicStatistics.nPitchClassesUsed(EMPTY)).isZero();
    }

    @Test
    void polyphonyAveragesSoundingPitchesOverSoundingTime() {
        // [0,1): one pitch, [1,2): two, [2,3): none (not counted), [3,4): one → (1 + 2 + 1) / 3
        assertThat(MusicStatistics.polyphony(piece(Note.piano(60, 0, 2), Note.piano(64, 1, 2), Note.piano(67, 3, 4))))
                .isEqualTo(4.0 / 3.0);
        // Two overlapping notes of one pitch are one sounding pitch.
        assertThat(MusicStatistics.polyphony(piece(Note.piano(60, 0, 2), Note.solo(60, 1, 3)))).isEqualTo(1.0);
        assertThat(MusicStatistics.polyphony(EMPTY)).isNaN();
        assertThat(MusicStatistics.polyphony(piece(Note.piano(60, 1, 1)))).isNaN();
    }

    @Test
    void pitchClassEntropyIsInBits() {
        // P(C) = 1/2, P(E) = P(G) = 1/4: H = 1/2·1 + 2·1/4·2 = 1.5 bits
        assertThat(MusicStatistics.pitchClassEntropy(piece(Note.piano(60, 0, 1), Note.piano(72, 0, 1),
                Note.piano(64, 0, 1), Note.piano(67, 0, 1)))).isEqualTo(1.5);
        assertThat(MusicStatistics.pitchClassEntropy(piece(Note.piano(60, 0, 1)))).isZero();
        assertThat(MusicStatistics.pitchClassEntropy(EMPTY)).isNaN();
    }

    @Test
    void scaleConsistencyIsTheBestFractionInOneScale() {
        // C, C#, D, D#: no major or minor scale holds four consecutive semitones; C# major holds C, C#, D#.
        assertThat(MusicStatistics.scaleConsistency(piece(Note.piano(60, 0, 1), Note.piano(61, 0, 1),
                Note.piano(62, 0, 1), Note.piano(63, 0, 1)))).isEqualTo(0.75);
        // C D E F#: all in G major.
        assertThat(MusicStatistics.scaleConsistency(piece(Note.piano(60, 0, 1), Note.piano(62, 0, 1),
                Note.piano(64, 0, 1), Note.piano(66, 0, 1)))).isEqualTo(1.0);
        assertThat(MusicStatistics.scaleConsistency(EMPTY)).isNaN();
    }

    @Test
    void emptyBeatRateCountsQuarterNotesWithoutSound() {
        // Beats 0..3 (duration 3.5); beats 0 and 3 sound.
        assertThat(MusicStatistics.emptyBeatRate(piece(Note.piano(60, 0, 1), Note.piano(62, 3, 3.5))))
                .isEqualTo(0.5);
        // A note across a beat line fills both beats.
        assertThat(MusicStatistics.emptyBeatRate(piece(Note.piano(60, 0.5, 1.5), Note.piano(60, 3, 4))))
                .isEqualTo(0.25);
        assertThat(MusicStatistics.emptyBeatRate(EMPTY)).isNaN();
    }

    @Test
    void gathersAllStatisticsOfAPiece() {
        MusicStats stats = MusicStats.of(piece(Note.piano(60, 0, 1), Note.piano(67, 0, 1)));

        assertThat(stats.pitchRange()).isEqualTo(7.0);
        assertThat(stats.nPitchClassesUsed()).isEqualTo(2);
        assertThat(stats.polyphony()).isEqualTo(2.0);
        assertThat(stats.pitchClassEntropy()).isEqualTo(1.0);
        assertThat(stats.scaleConsistency()).isEqualTo(1.0);
        assertThat(stats.emptyBeatRate()).isEqualTo(0.0);
        assertThat(MusicStats.of(EMPTY).pitchRange()).isNaN();
    }
}
