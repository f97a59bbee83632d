package dev.clara.music;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Piecewise-constant tempo over quarter-note time. Clara measures every note in quarter notes, so the map is only
 * needed to answer "how long is this in seconds"; it is kept whole so that files with many tempo changes (ritardandi
 * written as tempo events) report the right duration.
 *
 * <p>Before the first change the MIDI default of 120 BPM applies. Several changes at the same position: the last one
 * given wins, as a player would hear it.
 */
public final class TempoMap {

    /** The MIDI default tempo, used before the first tempo event and when a file has none. */
    public static final double DEFAULT_BPM = 120.0;

    private static final TempoMap DEFAULT = new TempoMap(List.of());

    private final List<TempoChange> changes;
    private final double firstBpm;
    // Segment i covers [quarters[i], quarters[i+1]) at bpm[i]; segment 0 always starts at 0.
    private final double[] quarters;
    private final double[] bpm;
    private final double[] secondsAtStart;

    private TempoMap(List<TempoChange> sortedDistinct) {
        this.changes = Collections.unmodifiableList(sortedDistinct);
        this.firstBpm = sortedDistinct.isEmpty() ? DEFAULT_BPM : sortedDistinct.get(0).bpm();
        boolean leadingDefault = sortedDistinct.isEmpty() || sortedDistinct.get(0).quarter() > 0;
        int n = sortedDistinct.size() + (leadingDefault ? 1 : 0);
        quarters = new double[n];
        bpm = new double[n];
        int i = 0;
        if (leadingDefault) {
            quarters[0] = 0;
            bpm[0] = DEFAULT_BPM;
            i = 1;
        }
        for (TempoChange change : sortedDistinct) {
            quarters[i] = change.quarter();
            bpm[i] = change.bpm();
            i++;
        }
        secondsAtStart = new double[n];
        for (int s = 1; s < n; s++) {
            secondsAtStart[s] = secondsAtStart[s - 1] + (quarters[s] - quarters[s - 1]) * 60.0 / bpm[s - 1];
        }
    }

    /** One tempo for the whole piece. */
    public static TempoMap constant(double bpm) {
        return of(List.of(new TempoChange(0, bpm)));
    }

    /** The map of a file without tempo events: 120 BPM throughout. */
    public static TempoMap defaultTempo() {
        return DEFAULT;
    }

    /** A map from changes in any order; at equal positions the later element of the list wins. */
    public static TempoMap of(List<TempoChange> changes) {
        if (changes.isEmpty()) {
            return DEFAULT;
        }
        List<TempoChange> sorted = new ArrayList<>(changes);
        sorted.sort(Comparator.comparingDouble(TempoChange::quarter)); // stable: keeps list order at equal positions
        List<TempoChange> distinct = new ArrayList<>(sorted.size());
        for (TempoChange change : sorted) {
            int last = distinct.size() - 1;
            if (last >= 0 && distinct.get(last).quarter() == change.quarter()) {
                distinct.set(last, change);
            } else if (last >= 0 && distinct.get(last).bpm() == change.bpm()) {
                continue; // a repeated tempo changes nothing
            } else {
                distinct.add(change);
            }
        }
        if (distinct.size() == 1 && distinct.get(0).quarter() == 0 && distinct.get(0).bpm() == DEFAULT_BPM) {
            return DEFAULT; // "120 from the start" is what a file without tempo events means too
        }
        return new TempoMap(distinct);
    }

    /** The tempo changes as given (sorted, one per position, repeats of the same tempo removed). */
    public List<TempoChange> changes() {
        return changes;
    }

    /** The first tempo the file states, or 120 when it states none: Clara's per-piece tempo metadata. */
    public double firstBpm() {
        return firstBpm;
    }

    /** The tempo in force at a position. */
    public double bpmAt(double quarter) {
        return bpm[segmentOf(quarter)];
    }

    /** Seconds from the start of the piece to {@code quarter}. */
    public double seconds(double quarter) {
        if (quarter <= 0) {
            return 0;
        }
        int s = segmentOf(quarter);
        return secondsAtStart[s] + (quarter - quarters[s]) * 60.0 / bpm[s];
    }

    private int segmentOf(double quarter) {
        int i = Arrays.binarySearch(quarters, quarter);
        if (i >= 0) {
            return i;
        }
        return Math.max(0, -i - 2);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TempoMap other && changes.equals(other.changes);
    }

    @Override
    public int hashCode() {
        return changes.hashCode();
    }

    @Override
    public String toString() {
        return "TempoMap" + changes;
    }
}
