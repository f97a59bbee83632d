package dev.clara.music;

import java.util.Objects;

/**
 * One sounding note. Times are in quarter notes from the start of the piece (as Clara measures them, independent of
 * tempo); {@link Piece#tempoMap()} turns them into seconds.
 *
 * @param pitch    MIDI pitch, 0..127
 * @param start    onset in quarter notes, ≥ 0
 * @param end      release in quarter notes, ≥ start (zero-length notes occur in real files: grace notes)
 * @param velocity MIDI velocity, 1..127 (a note-on with velocity 0 is a note-off, never a note)
 * @param part     which of Clara's two parts plays it
 */
public record Note(int pitch, double start, double end, int velocity, Part part) {

    /** Velocity used for notes decoded from tokens, which carry no dynamics. */
    public static final int DEFAULT_VELOCITY = 80;

    public Note {
        if (pitch < 0 || pitch > 127) {
            throw new IllegalArgumentException("pitch must be 0..127, got " + pitch);
        }
        if (!(start >= 0) || Double.isInfinite(start)) {
            throw new IllegalArgumentException("start must be a finite value >= 0, got " + start);
        }
        if (!(end >= start) || Double.isInfinite(end)) {
            throw new IllegalArgumentException("end must be finite and >= start (" + start + "), got " + end);
        }
        if (velocity < 1 || velocity > 127) {
            throw new IllegalArgumentException("velocity must be 1..127, got " + velocity);
        }
        Objects.requireNonNull(part, "part");
    }

    /** A piano note with the default velocity. */
    public static Note piano(int pitch, double start, double end) {
        return new Note(pitch, start, end, DEFAULT_VELOCITY, Part.PIANO);
    }

    /** A solo note with the default velocity. */
    public static Note solo(int pitch, double start, double end) {
        return new Note(pitch, start, end, DEFAULT_VELOCITY, Part.SOLO);
    }

    public double durationQuarters() {
        return end - start;
    }

    public Note withPitch(int newPitch) {
        return new Note(newPitch, start, end, velocity, part);
    }

    public Note withPart(Part newPart) {
        return new Note(pitch, start, end, velocity, newPart);
    }
}
