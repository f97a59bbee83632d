package dev.clara.nn.data;

import java.util.List;

/**
 * Transposes a piece in token space, so that the trainer can show the network every piece in all
 * twelve keys without depending on the music library that knows what the tokens mean.
 *
 * <p>The trainer service wires this to {@code dev.clara.music.Transposer}; tokens the transposition
 * creates that the vocabulary lacks become {@code <unk>}. Notes pushed out of range are dropped by
 * the implementation, as Clara did.
 */
@FunctionalInterface
public interface TokenAugmenter {

    /** The lowest shift of the twelve keys Clara trains on. */
    int LOWEST_SHIFT = -5;
    /** The highest shift of the twelve keys Clara trains on. */
    int HIGHEST_SHIFT = 6;

    /**
     * Returns the piece moved by the given number of semitones.
     *
     * @param tokens one piece, as token text
     * @param semitones between {@link #LOWEST_SHIFT} and {@link #HIGHEST_SHIFT}; never 0
     * @return the transposed piece
     */
    List<String> transpose(List<String> tokens, int semitones);
}
