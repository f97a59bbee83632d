package dev.clara.music.encoding;

import java.util.Locale;

/** The two token schemes of Clara. */
public enum Scheme {
    /** One token per note start, note end and wait: compact, variable tokens per step. */
    NOTEWISE(12),
    /** One token per time step (and part): the whole chord as a digit string. */
    CHORDWISE(4);

    private final int defaultSampleFreq;

    Scheme(int defaultSampleFreq) {
        this.defaultSampleFreq = defaultSampleFreq;
    }

    /** Clara's steps per quarter note for this scheme: 12 notewise, 4 chordwise. */
    public int defaultSampleFreq() {
        return defaultSampleFreq;
    }

    /** The spelling used in encoding ids: {@code notewise}, {@code chordwise}. */
    public String idName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
