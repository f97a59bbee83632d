package dev.clara.music.midi;

import dev.clara.music.ErrorCode;
import dev.clara.music.MidiFormatException;
import dev.clara.music.Note;
import dev.clara.music.Part;
import dev.clara.music.Piece;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

class MidiReaderTest {

    private static final int PPQ = 480;
    private final MidiReader piano = MidiReader.forPiano();
    private final MidiReader chamber = MidiReader.forChamber();

    @Test
    void readsFormat0WithItsTitle() throws Exception {
        byte[] track = new SmfBytes.Track().name(0, "Little piece")
                .noteOn(0, 0, 60, 90).noteOff(PPQ, 0, 60)
                .noteOn(0, 0, 64, 70).noteOff(PPQ, 0, 64)
                .endOfTrack().bytes();

        Piece piece = piano.read(SmfBytes.file(0, PPQ, track));

        assertThat(piece.title()).isEqualTo("Little piece");
        assertThat(piece.notes()).containsExactly(
                new Note(60, 0, 1, 90, Part.PIANO),
                new Note(64, 1, 2, 70, Part.PIANO));
        assertThat(piece.tempoBpm()).isEqualTo(120);
        assertThat(piece.durationSeconds()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void followsRunningStatusAndVelocityZeroNoteOffs() throws Exception {
        // One status byte, then only data bytes; note-offs are note-ons with velocity 0.
        byte[] track = new SmfBytes.Track()
                .noteOn(0, 0, 60, 100)
                .running(0, 64, 100)
                .running(PPQ, 60, 0)
                .running(0, 64, 0)
                .running(0, 67, 80)
                .running(PPQ / 2, 67, 0)
                .endOfTrack().bytes();

        Piece piece = piano.read(SmfBytes.file(0, PPQ, track));

        assertThat(piece.notes()).containsExactly(
                new Note(60, 0, 1, 100, Part.PIANO),
                new Note(64, 0, 1, 100, Part.PIANO),
                new Note(67, 1, 1.5, 80, Part.PIANO));
    }

    @Test
    void pairsOverlappingNotesOfOnePitchFirstInFirstOut() throws Exception {
        byte[] track = new SmfBytes.Track()
                .noteOn(0, 0, 60, 100)
                .noteOn(PPQ / 2, 0, 60, 50)
                .noteOff(PPQ / 2, 0, 60)
                .noteOff(PPQ, 0, 60)
                .endOfTrack().bytes();

        Piece piece = piano.read(SmfBytes.file(0, PPQ, track));

        assertThat(piece.notes()).containsExactly(
                new Note(60, 0, 1, 100, Part.PIANO),
                new Note(60, 0.5, 2, 50, Part.PIANO));
    }

    @Test
    void keepsQuarterNoteTimingAndTheTempoMapForSeconds() throws Exception {
        Sequence sequence = new Sequence(Sequence.PPQ, PPQ);
        Track conductor = sequence.createTrack();
        conductor.add(new MidiEvent(tempo(120), 0));
        conductor.add(new MidiEvent(tempo(60), 2 * PPQ));
        conductor.add(new MidiEvent(tempo(240), 3 * PPQ));
        Track notes = sequence.createTrack();
        for (int quarter = 0; quarter < 4; quarter++) {
            addNote(notes, 0, 60 + quarter, quarter * PPQ, (quarter + 1) * PPQ);
        }

        Piece piece = piano.read(bytes(sequence));

        assertThat(piece.notes()).extracting(Note::start).containsExactly(0.0, 1.0, 2.0, 3.0);
        assertThat(piece.durationQuarters()).isEqualTo(4.0);
        assertThat(piece.tempoBpm()).isEqualTo(120.0);
        assertThat(piece.tempoMap().changes()).hasSize(3);
        // 2 quarters at 120 (1 s) + 1 quarter at 60 (1 s) + 1 quarter at 240 (0.25 s)
        assertThat(piece.durationSeconds()).isCloseTo(2.25, within(1e-9));
    }

    @Test
    void mapsViolinAndPianoToSoloAndPianoAndRaisesTheSolo() throws Exception {
        Sequence sequence = new Sequence(Sequence.PPQ, PPQ);
        Track violin = sequence.createTrack();
        violin.add(new MidiEvent(name("Violin"), 0));
        violin.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, 0, 40, 0), 0));
        addNote(violin, 0, 43, 0, PPQ); // G2, below G3: raised an octave to 55
        addNote(violin, 0, 72, PPQ, 2 * PPQ);
        Track keyboard = sequence.createTrack();
        keyboard.add(new MidiEvent(name("Piano"), 0));
        keyboard.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, 1, 0, 0), 0));
        addNote(keyboard, 1, 36, 0, 2 * PPQ);
        byte[] smf = bytes(sequence);

        Piece asChamber = chamber.read(smf);
        assertThat(asChamber.hasSolo()).isTrue();
        assertThat(asChamber.notes()).extracting(Note::pitch, Note::part).containsExactlyInAnyOrder(
                tuple(55, Part.SOLO),
                tuple(72, Part.SOLO),
                tuple(36, Part.PIANO));
        assertThat(asChamber.notes()).filteredOn(n -> n.part() == Part.SOLO)
                .allSatisfy(n -> assertThat(n.pitch()).isGreaterThanOrEqualTo(ChamberMapping.LOWEST_SOLO_PITCH));

        Piece asPiano = piano.read(smf);
        assertThat(asPiano.hasSolo()).isFalse();
        assertThat(asPiano.notes()).extracting(Note::pitch).containsExactlyInAnyOrder(43, 72, 36);
    }

    @Test
    void trackNamesWinOverAMissingOrZeroProgram() throws Exception {
        byte[] voice = new SmfBytes.Track().name(0, "Soprano").program(0, 0, 0)
                .noteOn(0, 0, 72, 80).noteOff(PPQ, 0, 72).endOfTrack().bytes();
        byte[] cello = new SmfBytes.Track().name(0, "Violoncello")
                .noteOn(0, 1, 48, 80).noteOff(PPQ, 1, 48).endOfTrack().bytes();
        byte[] keys = new SmfBytes.Track().name(0, "Harpsichord")
                .noteOn(0, 2, 50, 80).noteOff(PPQ, 2, 50).endOfTrack().bytes();

        Piece piece = chamber.read(SmfBytes.file(1, PPQ, new SmfBytes.Track().endOfTrack().bytes(), voice, cello,
                keys));

        assertThat(piece.notes()).extracting(Note::pitch, Note::part).containsExactlyInAnyOrder(
                tuple(72, Part.SOLO),
                tuple(60, Part.SOLO),
                tuple(50, Part.PIANO));
    }

    @Test
    void ignoresTheDrumChannel() throws Exception {
        byte[] track = new SmfBytes.Track()
                .noteOn(0, 9, 36, 100).noteOn(0, 0, 60, 100)
                .noteOff(PPQ, 9, 36).noteOff(0, 0, 60)
                .endOfTrack().bytes();

        Piece piece = chamber.read(SmfBytes.file(0, PPQ, track));

        assertThat(piece.notes()).containsExactly(new Note(60, 0, 1, 100, Part.PIANO));
    }

    @Test
    void ignoresADrumTrack() throws Exception {
        Sequence sequence = new Sequence(Sequence.PPQ, PPQ);
        Track drums = sequence.createTrack();
        drums.add(new MidiEvent(name("Drum Kit"), 0));
        for (int beat = 0; beat < 4; beat++) {
            addNote(drums, 9, 36 + beat, beat * PPQ, beat * PPQ + 100);
        }
        Track keyboard = sequence.createTrack();
        addNote(keyboard, 0, 60, 0, 4 * PPQ);

        for (MidiReader reader : new MidiReader[] {piano, chamber}) {
            assertThat(reader.read(bytes(sequence)).notes()).extracting(Note::pitch).containsExactly(60);
        }
    }

    @Test
    void refusesAChamberPieceWithAPartOfNeitherFamily() throws Exception {
        byte[] guitar = new SmfBytes.Track().name(0, "Guitar").program(0, 0, 24)
                .noteOn(0, 0, 60, 80).noteOff(PPQ, 0, 60).endOfTrack().bytes();
        byte[] voice = new SmfBytes.Track().name(0, "Voice").program(0, 1, 52)
                .noteOn(0, 1, 72, 80).noteOff(PPQ, 1, 72).endOfTrack().bytes();
        byte[] smf = SmfBytes.file(1, PPQ, voice, guitar);

        assertThatThrownBy(() -> chamber.read(smf))
                .isInstanceOfSatisfying(MidiFormatException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_INSTRUMENTATION);
                    assertThat(e.reason()).contains("Guitar").contains("program 24");
                });
        assertThat(piano.read(smf).notes()).hasSize(2).allMatch(n -> n.part() == Part.PIANO);
    }

    @Test
    void endsANoteNeverSwitchedOffAtTheLastEventOfItsTrack() throws Exception {
        byte[] track = new SmfBytes.Track()
                .noteOn(0, 0, 60, 100)
                .noteOn(PPQ, 0, 62, 100).noteOff(PPQ, 0, 62)
                .endOfTrack().bytes();

        Piece piece = piano.read(SmfBytes.file(0, PPQ, track));

        assertThat(piece.notes()).containsExactly(
                new Note(60, 0, 2, 100, Part.PIANO),
                new Note(62, 1, 2, 100, Part.PIANO));
    }

    @Test
    void skipsUnknownChunksAndReadsSmpteTime() throws Exception {
        // -25 frames per second, 40 ticks per frame: 1000 ticks per second, 2 quarter notes at 120 BPM.
        int smpte = (-25 & 0xFF) << 8 | 40;
        byte[] track = new SmfBytes.Track().noteOn(0, 0, 60, 100).noteOff(1000, 0, 60).endOfTrack().bytes();
        byte[] smf = SmfBytes.concat(SmfBytes.header(0, 1, smpte), SmfBytes.chunk("XFIH", new byte[] {1, 2, 3}),
                SmfBytes.chunk("MTrk", track));

        Piece piece = piano.read(smf);

        assertThat(piece.notes()).containsExactly(new Note(60, 0, 2, 100, Part.PIANO));
    }

    @Test
    void readsAPathAndNamesThePieceAfterTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("Prelude.mid");
        Files.write(file, SmfBytes.file(0, PPQ,
                new SmfBytes.Track().noteOn(0, 0, 60, 100).noteOff(PPQ, 0, 60).endOfTrack().bytes()));

        assertThat(piano.read(file).title()).isEqualTo("Prelude");
    }

    @Test
    void refusesBytesThatAreNotMidi() {
        assertCode(new byte[0], ErrorCode.NOT_MIDI);
        assertCode("hello, world, this is text".getBytes(StandardCharsets.US_ASCII), ErrorCode.NOT_MIDI);
        assertCode("RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.US_ASCII), ErrorCode.NOT_MIDI);
        assertCode(SmfBytes.file(7, PPQ, new SmfBytes.Track().endOfTrack().bytes()), ErrorCode.NOT_MIDI);
        assertCode(SmfBytes.file(0, 0, new SmfBytes.Track().endOfTrack().bytes()), ErrorCode.NOT_MIDI);
        // A data byte before any status byte.
        assertCode(SmfBytes.file(0, PPQ, new SmfBytes.Track().delta(0).raw(60, 100).endOfTrack().bytes()),
                ErrorCode.NOT_MIDI);
        assertThatThrownBy(() -> piano.read((byte[]) null)).isInstanceOf(MidiFormatException.class);
    }

    @Test
    void refusesTruncatedFilesWithoutBelievingTheirLengths() {
        byte[] whole = SmfBytes.file(1, PPQ, new SmfBytes.Track().noteOn(0, 0, 60, 100).noteOff(PPQ, 0, 60)
                .endOfTrack().bytes());
        assertCode(Arrays.copyOf(whole, 10), ErrorCode.TRUNCATED);
        assertCode(Arrays.copyOf(whole, whole.length - 3), ErrorCode.TRUNCATED);
        // A chunk claiming 2 GiB in a file of a few bytes: refused without allocating it.
        byte[] liar = SmfBytes.concat(SmfBytes.header(0, 1, PPQ),
                SmfBytes.chunk("MTrk", 0x7FFF_FFF0L, new byte[] {0, (byte) 0x90, 60, 100}));
        assertCode(liar, ErrorCode.TRUNCATED);
        // More tracks declared than present.
        byte[] missing = SmfBytes.concat(SmfBytes.header(1, 3, PPQ), SmfBytes.chunk("MTrk",
                new SmfBytes.Track().noteOn(0, 0, 60, 100).noteOff(PPQ, 0, 60).endOfTrack().bytes()));
        assertCode(missing, ErrorCode.TRUNCATED);
        // An event cut by the end of its chunk.
        assertCode(SmfBytes.file(0, PPQ, new SmfBytes.Track().delta(0).raw(0x90, 60).bytes()), ErrorCode.TRUNCATED);
        // A meta event longer than its chunk.
        assertCode(SmfBytes.file(0, PPQ, new SmfBytes.Track().delta(0).raw(0xFF, 0x03, 0x7F, 'a').bytes()),
                ErrorCode.TRUNCATED);
    }

    @Test
    void refusesFilesWithoutNotes() {
        assertCode(SmfBytes.file(1, PPQ, new SmfBytes.Track().tempo(0, 90).endOfTrack().bytes()),
                ErrorCode.NO_NOTES);
        assertCode(SmfBytes.file(0, PPQ, new SmfBytes.Track().noteOn(0, 9, 36, 100).noteOff(PPQ, 9, 36)
                .endOfTrack().bytes()), ErrorCode.NO_NOTES);
        assertCode(SmfBytes.concat(SmfBytes.header(1, 0, PPQ)), ErrorCode.NO_NOTES);
    }

    @Test
    void refusesFilesOverTheByteLimitBeforeParsing(@TempDir Path dir) throws IOException {
        byte[] smf = SmfBytes.file(0, PPQ, new SmfBytes.Track().noteOn(0, 0, 60, 100).noteOff(PPQ, 0, 60)
                .endOfTrack().bytes());
        MidiReader small = piano.withMaxBytes(smf.length - 1);
        assertThatThrownBy(() -> small.read(smf)).isInstanceOfSatisfying(MidiFormatException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE));
        Path file = dir.resolve("big.mid");
        Files.write(file, smf);
        assertThatThrownBy(() -> small.read(file)).isInstanceOfSatisfying(MidiFormatException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE));
        // Even garbage is refused as too large first: nothing is parsed.
        assertThatThrownBy(() -> small.read(new byte[smf.length])).isInstanceOfSatisfying(
                MidiFormatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE));
        assertThat(MidiReader.DEFAULT_MAX_BYTES).isEqualTo(16L << 20);
    }

    @Test
    void refusesTicksBeyondTwoToTheThirtyOne() {
        SmfBytes.Track far = new SmfBytes.Track().noteOn(0, 0, 60, 100);
        for (int i = 0; i < 8; i++) {
            far.delta(0x0FFF_FFFF).raw(0xFF, 0x01, 0); // empty text events, each 2^28 - 1 ticks later
        }
        far.noteOff(100, 0, 60).endOfTrack();
        assertCode(SmfBytes.file(0, PPQ, far.bytes()), ErrorCode.TICK_OVERFLOW);
        // A delta-time of five bytes.
        byte[] fiveBytes = new SmfBytes.Track().raw(0x81, 0x80, 0x80, 0x80, 0x00, 0x90, 60, 100).bytes();
        assertCode(SmfBytes.file(0, PPQ, fiveBytes), ErrorCode.TICK_OVERFLOW);
    }

    private void assertCode(byte[] smf, ErrorCode expected) {
        assertThatThrownBy(() -> chamber.read(smf))
                .isInstanceOfSatisfying(MidiFormatException.class, e -> assertThat(e.code())
                        .as(e.getMessage()).isEqualTo(expected));
    }

    static byte[] bytes(Sequence sequence) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MidiSystem.write(sequence, 1, out);
        return out.toByteArray();
    }

    static void addNote(Track track, int channel, int pitch, long on, long off) throws InvalidMidiDataException {
        track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, channel, pitch, 90), on));
        track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, channel, pitch, 0), off));
    }

    static MetaMessage tempo(double bpm) throws InvalidMidiDataException {
        int micros = (int) Math.round(60_000_000 / bpm);
        return new MetaMessage(0x51, new byte[] {(byte) (micros >> 16), (byte) (micros >> 8), (byte) micros}, 3);
    }

    static MetaMessage name(String name) throws InvalidMidiDataException {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        return new MetaMessage(0x03, bytes, bytes.length);
    }
}
