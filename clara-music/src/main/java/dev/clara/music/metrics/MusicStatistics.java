package dev.clara.music.metrics;

import dev.clara.music.Note;
import dev.clara.music.Piece;

import java.util.Arrays;
import java.util.List;

/**
 * Objective statistics of a piece, as MusPy defines them (Dong et al., "MusPy: A Toolkit for Symbolic Music
 * Generation", ISMIR 2020), used to compare generated samples with the corpus. Each is a pure function of the
 * piece's notes, both parts together; time is in quarter notes (one beat = one quarter note) and continuous, which
 * is MusPy's piano-roll computation at any resolution fine enough to hold every note boundary.
 */
public final class MusicStatistics {

    /** Semitones of the major scale on C; minor scales are rotations of the same sets. */
    private static final int[] MAJOR = {0, 2, 4, 5, 7, 9, 11};
    private static final int[] NATURAL_MINOR = {0, 2, 3, 5, 7, 8, 10};

    private MusicStatistics() {
    }

    /**
     * Pitch range: {@code max(pitch) − min(pitch)} in semitones.
     *
     * @return NaN if the piece has no note
     */
    public static double pitchRange(Piece piece) {
        List<Note> notes = piece.notes();
        if (notes.isEmpty()) {
            return Double.NaN;
        }
        int lowest = 127;
        int highest = 0;
        for (Note note : notes) {
            lowest = Math.min(lowest, note.pitch());
            highest = Math.max(highest, note.pitch());
        }
        return highest - lowest;
    }

    /**
     * Number of pitch classes used: {@code |{pitch mod 12}|}, 0..12.
     *
     * @return 0 for a piece without notes (a count is defined there)
     */
    public static int nPitchClassesUsed(Piece piece) {
        int used = 0;
        for (Note note : piece.notes()) {
            used |= 1 << (note.pitch() % 12);
        }
        return Integer.bitCount(used);
    }

    /**
     * Polyphony: the mean number of distinct pitches sounding, over the time where at least one pitch sounds:
     * {@code ∫ n(t) dt / |{t : n(t) > 0}|}, with {@code n(t)} the number of pitches whose note covers
     * {@code [start, end)} at time t (two overlapping notes of one pitch count once, as in a piano roll).
     *
     * @return NaN if no note has a positive duration
     */
    public static double polyphony(Piece piece) {
        List<Note> notes = piece.notes();
        Note[] byPitch = notes.toArray(new Note[0]);
        Arrays.sort(byPitch, (a, b) -> a.pitch() != b.pitch()
                ? Integer.compare(a.pitch(), b.pitch()) : Double.compare(a.start(), b.start()));
        // Union of each pitch's intervals, then a sweep over their boundaries.
        double[] times = new double[2 * byPitch.length];
        int[] deltas = new int[2 * byPitch.length];
        int events = 0;
        int i = 0;
        while (i < byPitch.length) {
            int pitch = byPitch[i].pitch();
            double start = byPitch[i].start();
            double end = byPitch[i].end();
            i++;
            while (i < byPitch.length && byPitch[i].pitch() == pitch) {
                Note next = byPitch[i];
                if (next.start() <= end) {
                    end = Math.max(end, next.end());
                } else {
                    if (end > start) {
                        times[events] = start;
                        deltas[events++] = 1;
                        times[events] = end;
                        deltas[events++] = -1;
                    }
                    start = next.start();
                    end = next.end();
                }
                i++;
            }
            if (end > start) {
                times[events] = start;
                deltas[events++] = 1;
                times[events] = end;
                deltas[events++] = -1;
            }
        }
        Integer[] order = new Integer[events];
        for (int e = 0; e < events; e++) {
            order[e] = e;
        }
        final double[] t = times;
        final int[] d = deltas;
        Arrays.sort(order, (a, b) -> t[a] != t[b] ? Double.compare(t[a], t[b]) : Integer.compare(d[a], d[b]));
        double weighted = 0;
        double sounding = 0;
        int count = 0;
        double previous = 0;
        for (int e = 0; e < events; e++) {
            double now = times[order[e]];
            if (count > 0) {
                weighted += count * (now - previous);
                sounding += now - previous;
            }
            count += deltas[order[e]];
            previous = now;
        }
        return sounding > 0 ? weighted / sounding : Double.NaN;
    }

    /**
     * Pitch-class entropy: the Shannon entropy, in bits, of the normalised histogram of note pitch classes:
     * {@code H = −Σ_{c=0}^{11} P(c) log2 P(c)}, with {@code P(c)} the fraction of notes of pitch class c; 0..log2 12.
     *
     * @return NaN if the piece has no note
     */
    public static double pitchClassEntropy(Piece piece) {
        int[] counts = pitchClassCounts(piece);
        int total = piece.noteCount();
        if (total == 0) {
            return Double.NaN;
        }
        double entropy = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = (double) count / total;
                entropy -= p * Math.log(p) / Math.log(2);
            }
        }
        return entropy;
    }

    /**
     * Scale consistency: the largest fraction of notes that lie in one scale, over the 24 major and (natural) minor
     * scales: {@code max_{root, mode} |{notes in scale(root, mode)}| / |notes|}; 0..1. (Each natural minor scale has
     * the pitch classes of its relative major, so the maximum is reached on a major one too.)
     *
     * @return NaN if the piece has no note
     */
    public static double scaleConsistency(Piece piece) {
        int total = piece.noteCount();
        if (total == 0) {
            return Double.NaN;
        }
        int[] counts = pitchClassCounts(piece);
        int best = 0;
        for (int[] mode : new int[][] {MAJOR, NATURAL_MINOR}) {
            for (int root = 0; root < 12; root++) {
                int inScale = 0;
                for (int degree : mode) {
                    inScale += counts[(root + degree) % 12];
                }
                best = Math.max(best, inScale);
            }
        }
        return (double) best / total;
    }

    /**
     * Empty-beat rate: the fraction of beats in which no note sounds. Beats are the quarter notes
     * {@code [k, k + 1)} for {@code k = 0 .. ceil(duration) − 1}, duration being the latest note end; a note
     * {@code [start, end)} fills every beat it overlaps, a zero-length note the beat it lies in.
     *
     * @return NaN if the piece has no note or lasts no time
     */
    public static double emptyBeatRate(Piece piece) {
        double duration = piece.durationQuarters();
        if (piece.noteCount() == 0 || !(duration > 0)) {
            return Double.NaN;
        }
        double beats = Math.ceil(duration);
        // Notes come sorted by start, so the filled beats form runs that can be merged in one pass without an
        // array per beat (a corrupt file can claim billions of beats).
        double filled = 0;
        double runFirst = 0;
        double runLast = -1;
        for (Note note : piece.notes()) {
            double first = Math.floor(note.start());
            // A zero-length note at the very end lies on the boundary after the last beat: it fills nothing.
            double last = Math.min(beats - 1, note.end() > note.start() ? Math.ceil(note.end()) - 1 : first);
            if (first > last) {
                continue;
            }
            if (first > runLast) {
                filled += runLast - runFirst + 1;
                runFirst = first;
                runLast = last;
            } else {
                runLast = Math.max(runLast, last);
            }
        }
        filled += runLast - runFirst + 1;
        return (beats - filled) / beats;
    }

    private static int[] pitchClassCounts(Piece piece) {
        int[] counts = new int[12];
        for (Note note : piece.notes()) {
            counts[note.pitch() % 12]++;
        }
        return counts;
    }
}
