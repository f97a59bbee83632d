package dev.clara.music;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * An immutable piece: its notes sorted by start, a title, and a tempo map. Times are quarter notes; the tempo map only
 * turns them into seconds. The first tempo of the map is the piece's tempo metadata, as Clara keeps it.
 */
public final class Piece {

    /** Sort order of {@link #notes()}: start, then part (piano first), pitch, end, velocity; total so it is stable. */
    public static final Comparator<Note> NOTE_ORDER = (a, b) -> {
        int c = Double.compare(a.start(), b.start());
        if (c != 0) {
            return c;
        }
        c = a.part().compareTo(b.part());
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.pitch(), b.pitch());
        if (c != 0) {
            return c;
        }
        c = Double.compare(a.end(), b.end());
        return c != 0 ? c : Integer.compare(a.velocity(), b.velocity());
    };

    private final String title;
    private final List<Note> notes;
    private final TempoMap tempoMap;
    private final double durationQuarters;
    private final boolean hasSolo;

    private Piece(String title, Note[] sorted, TempoMap tempoMap) {
        this.title = title;
        this.notes = Collections.unmodifiableList(Arrays.asList(sorted));
        this.tempoMap = tempoMap;
        double end = 0;
        boolean solo = false;
        for (Note note : sorted) {
            end = Math.max(end, note.end());
            solo |= note.part() == Part.SOLO;
        }
        this.durationQuarters = end;
        this.hasSolo = solo;
    }

    public static Piece of(String title, Collection<Note> notes, TempoMap tempoMap) {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(tempoMap, "tempoMap");
        Note[] sorted = notes.toArray(new Note[0]);
        for (Note note : sorted) {
            Objects.requireNonNull(note, "notes must not contain null");
        }
        Arrays.sort(sorted, NOTE_ORDER);
        return new Piece(title, sorted, tempoMap);
    }

    public static Piece of(String title, Collection<Note> notes, double tempoBpm) {
        return of(title, notes, TempoMap.constant(tempoBpm));
    }

    /** A piece at the default 120 BPM. */
    public static Piece of(String title, Collection<Note> notes) {
        return of(title, notes, TempoMap.defaultTempo());
    }

    public String title() {
        return title;
    }

    /** The notes, sorted by {@link #NOTE_ORDER}; unmodifiable. */
    public List<Note> notes() {
        return notes;
    }

    public int noteCount() {
        return notes.size();
    }

    public TempoMap tempoMap() {
        return tempoMap;
    }

    /** The first tempo the source states, or 120 BPM. */
    public double tempoBpm() {
        return tempoMap.firstBpm();
    }

    /** The latest note end, in quarter notes; 0 for a piece without notes. */
    public double durationQuarters() {
        return durationQuarters;
    }

    /** The latest note end in seconds, following every tempo change. */
    public double durationSeconds() {
        return tempoMap.seconds(durationQuarters);
    }

    public boolean hasSolo() {
        return hasSolo;
    }

    public Piece withTitle(String newTitle) {
        return new Piece(Objects.requireNonNull(newTitle, "title"), notes.toArray(new Note[0]), tempoMap);
    }

    public Piece withNotes(Collection<Note> newNotes) {
        return of(title, newNotes, tempoMap);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Piece other
                && title.equals(other.title)
                && tempoMap.equals(other.tempoMap)
                && notes.equals(other.notes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(title, notes, tempoMap);
    }

    @Override
    public String toString() {
        return "Piece[" + title + ", " + notes.size() + " notes, " + durationQuarters + " quarters, " + tempoMap + "]";
    }
}
