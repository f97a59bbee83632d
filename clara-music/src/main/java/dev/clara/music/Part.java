package dev.clara.music;

/**
 * The two voices Clara knows. Clara's chamber model is "a keyboard plus one melodic instrument": every track of a
 * file is folded into one of these two parts (see {@code dev.clara.music.midi.ChamberMapping}).
 */
public enum Part {
    /** Keyboard-like instruments: pianos, harpsichord, organ, harp. Every note of a piano-only piece. */
    PIANO,
    /** Melodic instruments (strings, winds, brass, voice), rendered as Clara's "violin" part. */
    SOLO
}
