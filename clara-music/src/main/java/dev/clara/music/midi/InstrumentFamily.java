package dev.clara.music.midi;

/** How Clara's chamber model sees an instrument. */
public enum InstrumentFamily {
    /** Pianos, chromatic percussion, organs, harpsichord, harp: becomes {@link dev.clara.music.Part#PIANO}. */
    KEYBOARD,
    /** Strings, winds, brass, reeds, pipes, voices: becomes {@link dev.clara.music.Part#SOLO}. */
    SOLO,
    /** Channel 10 percussion: ignored. */
    DRUMS,
    /** Anything else (guitars, basses, synths, sound effects): the piece is refused in chamber mode. */
    UNSUPPORTED
}
