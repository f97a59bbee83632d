package dev.clara.music.encoding;

import dev.clara.music.Note;
import dev.clara.music.Part;
import dev.clara.music.Piece;

import java.util.Arrays;
import java.util.List;

/**
 * A piece on the time grid of an encoding: what both token schemes can represent, and nothing more.
 *
 * <ul>
 *   <li>Start and end are rounded to the nearest step ({@code sampleFreq} per quarter note, halves up); a note keeps
 *       at least one step.</li>
 *   <li>Pitches outside {@code [lowest, lowest + range)} are folded in by octaves.</li>
 *   <li>Non-chamber encodings put every note in the piano part.</li>
 *   <li>One key of one part sounds at most once at a time: a note that overlaps the next note of the same key and
 *       part ends where that one starts; two notes starting on the same step become one, with the later end.</li>
 * </ul>
 *
 * <p>Encoding a grid and decoding the tokens gives back the same grid, which is what makes encode→decode→encode the
 * identity. Notes are held in parallel primitive arrays in order of start step.
 */
public final class NoteGrid {

    /** Steps beyond this cannot be packed into sort keys; no encodable piece comes near (see {@link GridEncoder}). */
    static final long MAX_STEP = 1L << 53;

    private static final int SOLO = 1;

    private final EncodingSpec spec;
    private final int size;
    private final byte[] part; // Part ordinal
    private final int[] key;
    private final long[] start;
    private final long[] end;
    private final long endStep;

    private NoteGrid(EncodingSpec spec, int size, byte[] part, int[] key, long[] start, long[] end, long endStep) {
        this.spec = spec;
        this.size = size;
        this.part = part;
        this.key = key;
        this.start = start;
        this.end = end;
        this.endStep = endStep;
    }

    /** Quantises, folds and de-overlaps the notes of a piece. */
    public static NoteGrid of(Piece piece, EncodingSpec spec) {
        List<Note> notes = piece.notes();
        int n = notes.size();
        byte[] part = new byte[n];
        int[] key = new int[n];
        long[] start = new long[n];
        long[] end = new long[n];
        int[] keyOfPitch = new int[128];
        for (int pitch = 0; pitch < 128; pitch++) {
            keyOfPitch[pitch] = spec.keyOf(pitch);
        }
        int[] lastOfSlot = new int[2 * 128];
        Arrays.fill(lastOfSlot, -1);
        double sampleFreq = spec.sampleFreq();
        boolean chamber = spec.chamber();
        int size = 0;
        // Piece notes are sorted by start and rounding is monotone, so start steps arrive in order: the previous
        // note of a slot is the only one that can overlap the current one.
        for (int i = 0; i < n; i++) {
            Note note = notes.get(i);
            int p = chamber && note.part() == Part.SOLO ? SOLO : 0;
            int k = keyOfPitch[note.pitch()];
            long s = step(note.start(), sampleFreq);
            long e = Math.max(step(note.end(), sampleFreq), s + 1);
            int slot = p << 7 | k;
            int previous = lastOfSlot[slot];
            if (previous >= 0 && end[previous] > s) {
                if (start[previous] == s) {
                    end[previous] = Math.max(end[previous], e);
                    continue;
                }
                end[previous] = s;
            }
            part[size] = (byte) p;
            key[size] = k;
            start[size] = s;
            end[size] = e;
            lastOfSlot[slot] = size;
            size++;
        }
        // Only now, after truncations: an overlapped note's original end is not where the sound stops.
        long endStep = 0;
        for (int i = 0; i < size; i++) {
            endStep = Math.max(endStep, end[i]);
        }
        return new NoteGrid(spec, size, part, key, start, end, endStep);
    }

    /** The step of a time in quarter notes: nearest, halves up; saturates for absurd times. */
    static long step(double quarters, double sampleFreq) {
        double steps = Math.floor(quarters * sampleFreq + 0.5);
        return steps >= MAX_STEP ? MAX_STEP : (long) steps;
    }

    public EncodingSpec spec() {
        return spec;
    }

    public int size() {
        return size;
    }

    public Part part(int i) {
        return part[checkIndex(i)] == SOLO ? Part.SOLO : Part.PIANO;
    }

    public int key(int i) {
        return key[checkIndex(i)];
    }

    public long startStep(int i) {
        return start[checkIndex(i)];
    }

    public long endStep(int i) {
        return end[checkIndex(i)];
    }

    /** One past the last sounding step: the latest end; 0 for an empty grid. */
    public long endStep() {
        return endStep;
    }

    /**
     * Every start and end as a sortable key, sorted: step, then ends before starts, then solo before piano, then
     * ascending key. Layout: {@code step << 9 | isStart << 8 | isPiano << 7 | key}.
     */
    long[] sortedEvents() {
        long[] events = new long[2 * size];
        for (int i = 0; i < size; i++) {
            long partAndKey = (long) (part[i] == SOLO ? 0 : 1) << 7 | key[i];
            events[2 * i] = start[i] << 9 | 1L << 8 | partAndKey;
            events[2 * i + 1] = end[i] << 9 | partAndKey;
        }
        Arrays.sort(events);
        return events;
    }

    static long eventStep(long event) {
        return event >>> 9;
    }

    static boolean eventIsStart(long event) {
        return (event & (1L << 8)) != 0;
    }

    static boolean eventIsPiano(long event) {
        return (event & (1L << 7)) != 0;
    }

    static int eventKey(long event) {
        return (int) (event & 0x7F);
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return i;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NoteGrid other) || other.size != size || !other.spec.equals(spec)) {
            return false;
        }
        return Arrays.equals(sortedEvents(), other.sortedEvents());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sortedEvents());
    }

    @Override
    public String toString() {
        return "NoteGrid[" + spec.id() + ", " + size + " notes, " + endStep + " steps]";
    }
}
