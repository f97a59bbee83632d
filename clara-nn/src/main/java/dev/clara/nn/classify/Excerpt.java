package dev.clara.nn.classify;

import java.util.Objects;

/**
 * A labelled stretch of a piece, what a classifier trains and is validated on: at most
 * {@code bptt} token ids (vocabulary ids, no {@code <bos>}) and the index of its class in the
 * classifier's labels. Equality is by identity, as for any array-holding record.
 *
 * @param ids the tokens, at least one
 * @param label the class index, from 0
 */
public record Excerpt(int[] ids, int label) {

    public Excerpt {
        Objects.requireNonNull(ids, "ids");
        if (ids.length == 0) {
            throw new IllegalArgumentException("an excerpt needs at least one token");
        }
        if (label < 0) {
            throw new IllegalArgumentException("a class index must not be negative, was " + label);
        }
    }

    public int length() {
        return ids.length;
    }
}
