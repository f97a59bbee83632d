package dev.clara.nn.classify;

import dev.clara.nn.data.TokenAugmenter;
import dev.clara.nn.data.Vocabulary;

/**
 * Transposes a piece given as vocabulary ids, so that {@link ExcerptSampler} can cut it in all
 * twelve keys (shifts {@link TokenAugmenter#LOWEST_SHIFT} to {@link TokenAugmenter#HIGHEST_SHIFT})
 * without knowing what the tokens mean. The trainer service builds one from clara-music's
 * {@code Transposer} with {@link #of(TokenAugmenter, Vocabulary)}.
 */
@FunctionalInterface
public interface IdTransposer {

    /**
     * @param ids one piece as vocabulary ids
     * @param semitones the shift, never 0
     * @return the transposed piece as vocabulary ids (notes pushed out of range dropped)
     */
    int[] transpose(int[] ids, int semitones);

    /** Transposes through token text: decode, transpose, encode (new tokens become {@code <unk>}). */
    static IdTransposer of(TokenAugmenter augmenter, Vocabulary vocabulary) {
        return (ids, semitones) -> vocabulary.encode(augmenter.transpose(vocabulary.decode(ids), semitones));
    }
}
