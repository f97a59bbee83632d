package dev.clara.music.encoding;

/** Which side of the train/test split a piece is on. */
public enum Split {
    TRAIN,
    TEST
}
