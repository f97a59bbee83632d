package dev.clara.music.midi;

import dev.clara.music.Note;
import dev.clara.music.Piece;
import dev.clara.music.TempoChange;
import dev.clara.music.TempoMap;
import dev.clara.music.encoding.EncodingSpec;
import dev.clara.music.encoding.NoteGrid;
import dev.clara.music.encoding.Scheme;
import dev.clara.music.encoding.TokenEncoder;
import dev.clara.music.testing.PropertyCheck;
import dev.clara.music.testing.RandomPieces;
import org.junit.jupiter.api.Test;

import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import java.io.ByteArrayInputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class MidiWriterTest {

    private final MidiWriter writer = new MidiWriter();

    @Test
    void writesFormat1WithTempoPianoAndSoloTracks() throws Exception {
        Piece piece = Piece.of("Duo", List.of(Note.piano(48, 0, 2), Note.solo(67, 0.5, 1.5)),
                TempoMap.of(List.of(new TempoChange(0, 100), new TempoChange(1, 60))));

        byte[] smf = writer.write(piece);

        assertThat(MidiSystem.getMidiFileFormat(new ByteArrayInputStream(smf)).getType()).isEqualTo(1);
        Sequence sequence = MidiSystem.getSequence(new ByteArrayInputStream(smf));
        assertThat(sequence.getResolution()).isEqualTo(MidiWriter.TICKS_PER_QUARTER);
        assertThat(sequence.getTracks()).hasSize(3);
        Piece back = MidiReader.forChamber().read(smf);
        assertThat(back).isEqualTo(piece);
        assertThat(back.durationSeconds()).isEqualTo(piece.durationSeconds());
    }

    @Test
    void writesNoSoloTrackForAPianoPieceAndTheDefaultTempo() throws Exception {
        Piece piece = Piece.of("", List.of(Note.piano(60, 0, 1)));

        byte[] smf = writer.write(piece);

        assertThat(MidiSystem.getSequence(new ByteArrayInputStream(smf)).getTracks()).hasSize(2);
        Piece back = MidiReader.forChamber().read(smf);
        assertThat(back.tempoBpm()).isEqualTo(120);
        assertThat(back.notes()).isEqualTo(piece.notes());
    }

    @Test
    void resolvesSamePitchOverlapsAsTheGridDoes() throws Exception {
        Piece piece = Piece.of("", List.of(Note.piano(60, 0, 3), Note.piano(60, 1, 2), Note.piano(62, 0, 1),
                Note.piano(62, 0, 2), Note.piano(64, 1, 1)));

        Piece back = MidiReader.forPiano().read(writer.write(piece));

        assertThat(back.notes()).extracting(Note::pitch, Note::start, Note::end).containsExactly(
                tuple(60, 0.0, 1.0),
                tuple(62, 0.0, 2.0),
                tuple(60, 1.0, 2.0),
                tuple(64, 1.0, 1.0 + 1.0 / 480));
    }

    @Test
    void readsBackExactlyWhatItWrote() {
        PropertyCheck.forAll(RandomPieces::nonEmptyWritablePiece)
                .edgeCases(RandomPieces.edgeWritablePieces())
                .showing(RandomPieces::describe)
                .tries(200)
                .seed(0x5EED_0201L)
                .check(piece -> {
                    Piece back = MidiReader.forChamber().read(writer.write(piece.withTitle("t")));

                    assertThat(back.notes()).isEqualTo(piece.notes());
                });
    }

    @Test
    void readsBackTheSameNotesForAnyPieceOnAGrid() {
        PropertyCheck.forAll(RandomPieces::nonEmptyPiece)
                .edgeCases(RandomPieces.nonEmptyEdgePieces())
                .showing(RandomPieces::describe)
                .tries(200)
                .seed(0x5EED_0202L)
                .check(piece -> {
                    // Decoded tokens are what gets written in practice: notes on the grid of the encoding.
                    Piece onGrid = TokenEncoder.forSpec(EncodingSpec.NOTEWISE).decode(
                            TokenEncoder.forSpec(EncodingSpec.NOTEWISE).encode(piece), 120);

                    assertThat(MidiReader.forPiano().read(writer.write(onGrid)).notes()).isEqualTo(onGrid.notes());
                });
    }

    @Test
    void keepsTheGridOfGridsThatDoNotDivideItsTicks() {
        PropertyCheck.forAll(RandomPieces::nonEmptyPiece)
                .edgeCases(RandomPieces.nonEmptyEdgePieces())
                .showing(RandomPieces::describe)
                .tries(200)
                .seed(0x5EED_0203L)
                .check(piece -> {
                    EncodingSpec spec = new EncodingSpec(Scheme.CHORDWISE, 7, 62, 33, false);
                    Piece onGrid = TokenEncoder.forSpec(spec).decode(TokenEncoder.forSpec(spec).encode(piece), 120);

                    Piece back = MidiReader.forPiano().read(writer.write(onGrid));

                    assertThat(NoteGrid.of(back, spec)).isEqualTo(NoteGrid.of(onGrid, spec));
                });
    }
}
