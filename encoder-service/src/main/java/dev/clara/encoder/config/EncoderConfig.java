package dev.clara.encoder.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** Settings of the encoder service ({@code clara.encoder.*}). */
@ConfigMapping(prefix = "clara.encoder")
public interface EncoderConfig {

    /**
     * Encodings every submitted piece is written in; a piece with a solo part also gets each one's {@code -chamber}
     * variant. Default: {@code notewise-sf12-r62,chordwise-sf4-r62}.
     */
    @WithDefault("notewise-sf12-r62,chordwise-sf4-r62")
    List<String> encodings();

    /** Largest MIDI file accepted, in bytes. Default 16 MiB. */
    @WithDefault("16777216")
    long maxMidiBytes();

    /** Largest token stream a piece may produce in one encoding. Default 2,000,000. */
    @WithDefault("2000000")
    int maxTokens();

    /** Fraction of pieces held out as the test split, decided by piece id. Default 0.1. */
    @WithDefault("0.1")
    double testFraction();
}
