package dev.clara.music;

/**
 * Why a MIDI file or a piece was refused. The names travel to {@code clara.dlq} dead letters, so keep them stable.
 */
public enum ErrorCode {
    /** No {@code MThd} header, or bytes that do not parse as a Standard MIDI File. */
    NOT_MIDI,
    /** A chunk is shorter than its header declares, or the data ends inside an event. */
    TRUNCATED,
    /** The file parses but holds no pitched note (drums are not counted). */
    NO_NOTES,
    /** The file is larger than the reader's byte limit; checked before parsing. */
    TOO_LARGE,
    /** An event lies at tick 2^31 or later, or a delta-time does not fit in the four bytes SMF allows. */
    TICK_OVERFLOW,
    /** The encoded piece would exceed the encoder's token limit. */
    TOO_MANY_TOKENS,
    /** In chamber mode, a part fits neither the keyboard family nor the solo family. */
    UNSUPPORTED_INSTRUMENTATION
}
