package dev.clara.music;

/**
 * A tempo that holds from {@code quarter} until the next change.
 *
 * @param quarter position in quarter notes, ≥ 0
 * @param bpm     quarter notes per minute, &gt; 0
 */
public record TempoChange(double quarter, double bpm) {

    public TempoChange {
        if (!(quarter >= 0) || Double.isInfinite(quarter)) {
            throw new IllegalArgumentException("quarter must be finite and >= 0, got " + quarter);
        }
        if (!(bpm > 0) || Double.isInfinite(bpm)) {
            throw new IllegalArgumentException("bpm must be finite and > 0, got " + bpm);
        }
    }
}
