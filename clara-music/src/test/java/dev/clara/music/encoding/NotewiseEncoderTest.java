package dev.clara.music.encoding;

import dev.clara.music.ErrorCode;
import dev.clara.music.MidiFormatException;
import dev.clara.music.Note;
import dev.clara.music.Part;
import dev.clara.music.Piece;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.assertj.core.api.Assertions.tuple;

class NotewiseEncoderTest {

    private final TokenEncoder encoder = TokenEncoder.forSpec(EncodingSpec.NOTEWISE);
    private final TokenEncoder chamber = TokenEncoder.forSpec(EncodingSpec.NOTEWISE_CHAMBER);

    @Test
    void writesEndsThenStartsThenWaitsStepByStep() throws Exception {
        // C4, E4 and G4 are keys 27, 31 and 34 from A1 (33).
        Piece piece = Piece.of("", List.of(Note.piano(60, 0, 1), Note.piano(64, 0, 0.5), Note.piano(67, 0.5, 1.5)));

        assertThat(encoder.encode(piece)).containsExactly(
                "p27", "p31", "wait6", "endp31", "p34", "wait6", "endp27", "wait6", "endp34");
    }

    @Test
    void splitsLongRestsIntoWaitsOfAtMostTwoQuarters() throws Exception {
        Piece piece = Piece.of("", List.of(Note.piano(60, 1, 2), Note.piano(60, 6.5, 7)));

        assertThat(encoder.encode(piece)).containsExactly(
                "wait12", "p27", "wait12", "endp27", "wait24", "wait24", "wait6", "p27", "wait6", "endp27");
    }

    @Test
    void quantisesToTheNearestStepAndKeepsAtLeastOneStep() throws Exception {
        Piece piece = Piece.of("", List.of(Note.piano(60, 0.04, 0.96), Note.piano(62, 2, 2.01)));

        assertThat(encoder.encode(piece)).containsExactly(
                "p27", "wait12", "endp27", "wait12", "p29", "wait1", "endp29");
    }

    @Test
    void foldsPitchesOutsideTheRangeByOctaves() throws Exception {
        Piece piece = Piece.of("", List.of(Note.piano(21, 0, 1), Note.piano(108, 0, 1)));

        // 21 + 12 = 33 is key 0; 108 - 24 = 84 is key 51.
        assertThat(encoder.encode(piece)).containsExactly("p0", "p51", "wait12", "endp0", "endp51");
    }

    @Test
    void endsAnOverlappedNoteWhereTheNextOfItsKeyStarts() throws Exception {
        Piece piece = Piece.of("", List.of(Note.piano(60, 0, 2), Note.piano(60, 1, 3), Note.piano(62, 0, 1),
                Note.piano(62, 0, 2)));

        assertThat(encoder.encode(piece)).containsExactly(
                "p27", "p29", "wait12", "endp27", "p27", "wait12", "endp29", "wait12", "endp27");
    }

    @Test
    void ordersSoloBeforePianoWithinEndsAndStarts() throws Exception {
        Piece piece = Piece.of("", List.of(Note.piano(60, 0, 1), Note.solo(72, 0, 1), Note.piano(48, 0, 1),
                Note.solo(67, 0, 1)));

        assertThat(chamber.encode(piece)).containsExactly(
                "v34", "v39", "p15", "p27", "wait12", "endv34", "endv39", "endp15", "endp27");
        // Without chamber the solo part is piano.
        assertThat(encoder.encode(piece)).containsExactly(
                "p15", "p27", "p34", "p39", "wait12", "endp15", "endp27", "endp34", "endp39");
    }

    @Test
    void refusesPiecesOverTheTokenLimitBeforeBuildingThem() throws Exception {
        List<Note> notes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            notes.add(Note.piano(60, i, i + 1));
        }
        Piece piece = Piece.of("", notes);
        assertThat(encoder.countTokens(piece)).isEqualTo(20 * 2 + 20);
        assertThat(TokenEncoder.forSpec(EncodingSpec.NOTEWISE, 60).encode(piece)).hasSize(60);
        assertThatThrownBy(() -> TokenEncoder.forSpec(EncodingSpec.NOTEWISE, 59).encode(piece))
                .isInstanceOfSatisfying(MidiFormatException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_TOKENS));

        // A note a billion quarter notes away would need 500 million waits: refused at once.
        Piece far = Piece.of("", List.of(Note.piano(60, 0, 1), Note.piano(60, 1e9, 1e9 + 1)));
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThatThrownBy(() -> encoder.encode(far))
                .isInstanceOfSatisfying(MidiFormatException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_TOKENS)));
        assertThat(GridEncoder.DEFAULT_MAX_TOKENS).isEqualTo(2_000_000);
    }

    @Test
    void decodesDurationsFromEndTokens() {
        Piece piece = encoder.decode(List.of("p27", "p31", "wait6", "endp31", "p34", "wait6", "endp27", "wait6",
                "endp34"), 90);

        assertThat(piece.notes()).extracting(Note::pitch, Note::start, Note::end).containsExactly(
                tuple(60, 0.0, 1.0), tuple(64, 0.0, 0.5), tuple(67, 0.5, 1.5));
        assertThat(piece.tempoBpm()).isEqualTo(90);
    }

    @Test
    void repairsMalformedStreamsAndCountsTheRepairs() {
        DecodeResult result = encoder.decodeWithStats(List.of("endp5", "p5", "hello", "wait12", "p5", "wait12",
                "v3", "wait25", "p70", "p7", "endp7", "", "p08"), 120);

        // The second p5 ends the first; it never ends itself, so it lasts the default 4 quarters; p7 ends in the
        // step it started, so it lasts one step.
        assertThat(result.piece().notes()).extracting(Note::pitch, Note::start, Note::end).containsExactly(
                tuple(38, 0.0, 1.0), tuple(38, 1.0, 5.0), tuple(40, 2.0, 25 / 12.0));
        assertThat(result.unmatchedEnds()).isEqualTo(1);
        assertThat(result.skippedTokens()).isEqualTo(6); // hello, v3, wait25, p70, "", p08
        assertThat(result.unclosedNotes()).isEqualTo(2);
        assertThat(result.wellFormed()).isFalse();
        assertThat(result.tokens()).isEqualTo(13);
    }

    @Test
    void closesNotesWithoutEndsAfterTheConfiguredLength() {
        NotewiseEncoder shortNotes = new NotewiseEncoder(EncodingSpec.NOTEWISE).withMaxOpenQuarters(0.5);

        assertThat(shortNotes.decode(List.of("p0", "wait24", "wait24"), 120).notes())
                .extracting(Note::start, Note::end).containsExactly(tuple(0.0, 0.5));
        assertThat(encoder.decode(List.of("p0"), 120).notes())
                .extracting(Note::end).containsExactly(NotewiseEncoder.DEFAULT_MAX_OPEN_QUARTERS);
    }

    @Test
    void decodesTheSoloPartInChamberEncodings() {
        Piece piece = chamber.decode(List.of("v34", "p27", "wait12", "endv34", "endp27"), 120);

        assertThat(piece.notes()).extracting(Note::pitch, Note::part)
                .containsExactly(tuple(60, Part.PIANO), tuple(67, Part.SOLO));
    }
}
