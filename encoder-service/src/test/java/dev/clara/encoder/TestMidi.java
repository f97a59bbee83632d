package dev.clara.encoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/** Small MIDI files written by the tests themselves. */
final class TestMidi {
    static final int PPQ = 480;

    private TestMidi() {
    }

    /** A C-major scale of quarter notes on piano, {@code notes} long, at 100 BPM. */
    static byte[] pianoScale(int notes) {
        return build(sequence -> {
            Track track = sequence.createTrack();
            tempo(track, 100);
            int[] scale = {60, 62, 64, 65, 67, 69, 71, 72};
            for (int i = 0; i < notes; i++) {
                note(track, 0, scale[i % scale.length], i * PPQ, (i + 1) * PPQ);
            }
        });
    }

    /** Violin (program 40, track "Violin") over a piano bass: a chamber piece. */
    static byte[] violinAndPiano() {
        return build(sequence -> {
            Track tempo = sequence.createTrack();
            tempo(tempo, 90);
            Track violin = sequence.createTrack();
            name(violin, "Violin");
            violin.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, 1, 40, 0), 0));
            Track piano = sequence.createTrack();
            name(piano, "Piano");
            for (int i = 0; i < 8; i++) {
                note(violin, 1, 76 + (i % 3), i * PPQ, (i + 1) * PPQ);
                note(piano, 0, 48 + (i % 4), i * PPQ, i * PPQ + PPQ / 2);
            }
        });
    }

    /** Two notes 500,000 quarter notes apart: a tiny file whose chordwise form (one token per step) is huge. */
    static byte[] longSilence() {
        return build(sequence -> {
            Track track = sequence.createTrack();
            note(track, 0, 60, 0, PPQ);
            long late = 500_001L * PPQ;
            note(track, 0, 62, late, late + PPQ);
        });
    }

    /** Only a tempo and a drum hit: no pitched note. */
    static byte[] drumsOnly() {
        return build(sequence -> {
            Track track = sequence.createTrack();
            tempo(track, 120);
            note(track, 9, 36, 0, PPQ);
        });
    }

    private interface Content {
        void fill(Sequence sequence) throws InvalidMidiDataException;
    }

    private static byte[] build(Content content) {
        try {
            Sequence sequence = new Sequence(Sequence.PPQ, PPQ);
            content.fill(sequence);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MidiSystem.write(sequence, sequence.getTracks().length > 1 ? 1 : 0, out);
            return out.toByteArray();
        } catch (InvalidMidiDataException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void note(Track track, int channel, int pitch, long on, long off) throws InvalidMidiDataException {
        track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, channel, pitch, 80), on));
        track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, channel, pitch, 0), off));
    }

    private static void tempo(Track track, int bpm) throws InvalidMidiDataException {
        int micros = 60_000_000 / bpm;
        track.add(new MidiEvent(new MetaMessage(0x51, new byte[] {(byte) (micros >> 16), (byte) (micros >> 8), (byte) micros}, 3), 0));
    }

    private static void name(Track track, String name) throws InvalidMidiDataException {
        byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        track.add(new MidiEvent(new MetaMessage(0x03, bytes, bytes.length), 0));
    }

    /** A valid header followed by a track chunk that claims more bytes than the file has. */
    static byte[] truncated() {
        byte[] good = pianoScale(16);
        return java.util.Arrays.copyOf(good, good.length - 20);
    }

    /** A format 0 file whose second event lies at tick 2^31 (two maximal four-byte delta-times). */
    static byte[] tickOverflow() {
        ByteArrayOutputStream track = new ByteArrayOutputStream();
        writeBytes(track, 0x00, 0x90, 60, 80);                      // note on at 0
        writeBytes(track, 0xFF, 0xFF, 0xFF, 0x7F, 0x80, 60, 0);     // +2^28-1: note off
        for (int i = 0; i < 8; i++) {
            writeBytes(track, 0xFF, 0xFF, 0xFF, 0x7F, 0x90, 62, 80); // 8 × (2^28-1) more ticks
        }
        writeBytes(track, 0x10, 0x80, 62, 0);
        writeBytes(track, 0x00, 0xFF, 0x2F, 0x00);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        writeBytes(file, 'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, PPQ >> 8, PPQ & 0xFF);
        int length = track.size();
        writeBytes(file, 'M', 'T', 'r', 'k', length >>> 24, (length >> 16) & 0xFF, (length >> 8) & 0xFF, length & 0xFF);
        file.writeBytes(track.toByteArray());
        return file.toByteArray();
    }

    private static void writeBytes(ByteArrayOutputStream out, int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
    }
}
