package dev.clara.music.midi;

import dev.clara.music.Note;
import dev.clara.music.Part;
import dev.clara.music.Piece;
import dev.clara.music.TempoChange;
import dev.clara.music.TempoMap;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes a piece as a Standard MIDI File, format 1, 480 ticks per quarter note: a tempo track (named after the piece,
 * holding its whole tempo map, 120 BPM when it has none), a piano track (channel 1, program 0) and, only when the
 * piece has solo notes, a solo track (channel 2, program 40, violin). {@link MidiReader} reads the result back to the
 * same notes, to the tick; chamber reading keeps the parts apart.
 *
 * <p>javax.sound.midi writes the bytes: writing is rare (decoded samples), so speed does not matter here.
 */
public final class MidiWriter {

    /** Ticks per quarter note: divisible by 2, 3, 4, 5, 6, 8, 10, 12, 16 and 32, so common grids land on ticks. */
    public static final int TICKS_PER_QUARTER = 480;
    public static final int PIANO_PROGRAM = 0;
    public static final int SOLO_PROGRAM = 40;
    private static final int PIANO_CHANNEL = 0;
    private static final int SOLO_CHANNEL = 1;
    private static final long MAX_TICK = 1L << 31; // what MidiReader accepts

    /**
     * The file's bytes.
     *
     * @throws IllegalArgumentException for a piece longer than a MIDI file can carry (2^31 ticks)
     */
    public byte[] write(Piece piece) {
        if (ticks(piece.durationQuarters()) >= MAX_TICK) {
            throw new IllegalArgumentException("piece too large to write as MIDI: " + piece);
        }
        try {
            Sequence sequence = new Sequence(Sequence.PPQ, TICKS_PER_QUARTER);
            Track tempo = sequence.createTrack();
            if (!piece.title().isEmpty()) {
                tempo.add(new MidiEvent(text(0x03, piece.title()), 0));
            }
            List<TempoChange> changes = piece.tempoMap().changes();
            if (changes.isEmpty()) {
                tempo.add(new MidiEvent(tempoMessage(TempoMap.DEFAULT_BPM), 0));
            }
            for (TempoChange change : changes) {
                tempo.add(new MidiEvent(tempoMessage(change.bpm()), ticks(change.quarter())));
            }
            writePart(sequence.createTrack(), piece, Part.PIANO, "Piano", PIANO_CHANNEL, PIANO_PROGRAM);
            if (piece.hasSolo()) {
                writePart(sequence.createTrack(), piece, Part.SOLO, "Violin", SOLO_CHANNEL, SOLO_PROGRAM);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 + piece.noteCount() * 8);
            MidiSystem.write(sequence, 1, out);
            return out.toByteArray();
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException("a valid piece produced invalid MIDI data", e);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
    }

    private static void writePart(Track track, Piece piece, Part part, String name, int channel, int program)
            throws InvalidMidiDataException {
        track.add(new MidiEvent(text(0x03, name), 0));
        track.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, channel, program, 0), 0));
        // One channel cannot hold two sounding notes of one pitch unambiguously (readers pair note-offs first in,
        // first out), so overlaps are resolved as the token grid does: the earlier note ends where the later one
        // starts, and two notes starting together become one with the later end.
        List<TickNote> byPitch = new ArrayList<>();
        for (Note note : piece.notes()) {
            if (note.part() == part) {
                long on = ticks(note.start());
                // A zero-length note would lose its off to its own on.
                byPitch.add(new TickNote(note.pitch(), on, Math.max(on + 1, ticks(note.end())), note.velocity()));
            }
        }
        byPitch.sort(Comparator.comparingInt(TickNote::pitch).thenComparingLong(TickNote::on));
        List<TickNote> written = new ArrayList<>(byPitch.size());
        for (int j = 0; j < byPitch.size(); j++) {
            TickNote note = byPitch.get(j);
            TickNote next = j + 1 < byPitch.size() ? byPitch.get(j + 1) : null;
            if (next != null && next.pitch() == note.pitch()) {
                if (next.on() == note.on()) {
                    byPitch.set(j + 1, new TickNote(next.pitch(), next.on(), Math.max(next.off(), note.off()),
                            next.velocity()));
                    continue;
                }
                note = new TickNote(note.pitch(), note.on(), Math.min(note.off(), next.on()), note.velocity());
            }
            written.add(note);
        }
        // Sorted by tick, offs before ons at the same tick: a re-struck key is released before it sounds again.
        List<MidiEvent> midiEvents = new ArrayList<>(2 * written.size());
        for (TickNote note : written) {
            midiEvents.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, channel, note.pitch(),
                    note.velocity()), note.on()));
            midiEvents.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, channel, note.pitch(), 0),
                    note.off()));
        }
        midiEvents.sort(Comparator.comparingLong(MidiEvent::getTick)
                .thenComparingInt(e -> e.getMessage().getStatus() & 0xF0)); // 0x80 off before 0x90 on
        // Track.add keeps insertion order among events of equal tick.
        for (MidiEvent event : midiEvents) {
            track.add(event);
        }
    }

    /** A note in ticks, as written. */
    private record TickNote(int pitch, long on, long off, int velocity) {
    }

    private static long ticks(double quarters) {
        return Math.round(quarters * TICKS_PER_QUARTER);
    }

    private static MetaMessage tempoMessage(double bpm) throws InvalidMidiDataException {
        int micros = (int) Math.max(1, Math.min(0xFFFFFF, Math.round(60_000_000.0 / bpm)));
        byte[] data = {(byte) (micros >> 16), (byte) (micros >> 8), (byte) micros};
        return new MetaMessage(0x51, data, 3);
    }

    private static MetaMessage text(int type, String value) throws InvalidMidiDataException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return new MetaMessage(type, bytes, bytes.length);
    }
}
