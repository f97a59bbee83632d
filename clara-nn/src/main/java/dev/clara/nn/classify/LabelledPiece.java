package dev.clara.nn.classify;

import java.util.Objects;

/**
 * A whole piece with its class, before it is cut into {@link Excerpt}s: a corpus piece labelled
 * human or by its composer, or a generator's sample labelled machine. The trainer service splits
 * pieces into training and validation sets before cutting, so that no validation excerpt comes
 * from a training piece.
 *
 * @param ids the piece as vocabulary ids, without {@code <bos>}
 * @param label the class index, from 0
 */
public record LabelledPiece(int[] ids, int label) {

    public LabelledPiece {
        Objects.requireNonNull(ids, "ids");
        if (label < 0) {
            throw new IllegalArgumentException("a class index must not be negative, was " + label);
        }
    }
}
