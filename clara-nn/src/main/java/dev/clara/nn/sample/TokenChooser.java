package dev.clara.nn.sample;

import java.util.Arrays;

/**
 * Chooses the next token of one sample from its row of logits, in Java: with a vocabulary of a few
 * hundred tokens this costs microseconds, less than one more engine op, and the masks, counts and
 * random draws stay in plain arrays.
 *
 * <p>Every choice takes two uniform draws, {@code u1} and {@code u2}, whatever the settings: in
 * {@link SamplingSettings.Mode#CLARA} {@code u1 < randomFreq} selects the random branch and {@code u2}
 * places the draw among the {@code trunc} most likely tokens; in {@link SamplingSettings.Mode#SAMPLING}
 * only {@code u2} is used. Passing the same draws with and without a mask tells whether the mask
 * changed the outcome. Probabilities are never normalised over the whole vocabulary: a draw among
 * tokens {@code S} with weights {@code exp((l_j − l_max) / T)} is the same as one from the softmax
 * renormalised over {@code S}. Ties go to the lower id.
 *
 * <p>Not thread-safe: it keeps work buffers; each generation uses its own.
 */
public final class TokenChooser {

    /** Up to this many tokens are selected by insertion; more by sorting. */
    private static final int INSERTION_LIMIT = 32;

    private final SamplingSettings settings;
    private final int vocabularySize;
    private final int[] order;
    private final double[] weights;
    private final long[] keys;

    public TokenChooser(SamplingSettings settings, int vocabularySize) {
        if (vocabularySize < 1) {
            throw new IllegalArgumentException("the vocabulary must hold at least one token, was " + vocabularySize);
        }
        this.settings = settings;
        this.vocabularySize = vocabularySize;
        this.order = new int[vocabularySize];
        this.weights = new double[vocabularySize];
        this.keys = new long[vocabularySize];
    }

    public SamplingSettings settings() {
        return settings;
    }

    /**
     * The most likely allowed token.
     *
     * @param logits holds the row at {@code offset}
     * @param mask allowed ids, or null for all
     * @return the id, or −1 when the mask allows nothing
     */
    public int argmax(float[] logits, int offset, boolean[] mask) {
        int best = -1;
        float bestValue = Float.NEGATIVE_INFINITY;
        for (int id = 0; id < vocabularySize; id++) {
            if (mask == null || mask[id]) {
                float value = logits[offset + id];
                if (best < 0 || value > bestValue) {
                    best = id;
                    bestValue = value;
                }
            }
        }
        return best;
    }

    /**
     * Chooses a token.
     *
     * @param logits holds the row at {@code offset}
     * @param mask allowed ids, or null for all; must allow at least one
     * @param u1 uniform in [0, 1): CLARA's choice between the argmax and a draw
     * @param u2 uniform in [0, 1): the draw
     */
    public int choose(float[] logits, int offset, boolean[] mask, double u1, double u2) {
        return settings.mode() == SamplingSettings.Mode.CLARA
                ? chooseClara(logits, offset, mask, u1, u2)
                : chooseSampling(logits, offset, mask, u2);
    }

    private int chooseClara(float[] logits, int offset, boolean[] mask, double u1, double u2) {
        if (u1 >= settings.randomFreq()) {
            return argmax(logits, offset, mask);
        }
        int count = top(logits, offset, mask, settings.trunc());
        return draw(logits, offset, count, 1, u2, 1);
    }

    private int chooseSampling(float[] logits, int offset, boolean[] mask, double u2) {
        double inverseTemperature = 1 / settings.temperature();
        if (settings.topK() == 0 && settings.topP() == 1) {
            // The whole (allowed) vocabulary: no ordering needed, one pass for the weights and one for the draw.
            float max = Float.NEGATIVE_INFINITY;
            int last = -1;
            for (int id = 0; id < vocabularySize; id++) {
                if (mask == null || mask[id]) {
                    max = Math.max(max, logits[offset + id]);
                    last = id;
                }
            }
            double total = 0;
            for (int id = 0; id < vocabularySize; id++) {
                double weight = mask == null || mask[id] ? Math.exp((logits[offset + id] - max) * inverseTemperature) : 0;
                weights[id] = weight;
                total += weight;
            }
            double target = u2 * total;
            double cumulative = 0;
            for (int id = 0; id <= last; id++) {
                cumulative += weights[id];
                if (target < cumulative && weights[id] > 0) {
                    return id;
                }
            }
            return last;
        }
        int count = top(logits, offset, mask, settings.topK() == 0 ? vocabularySize : settings.topK());
        return draw(logits, offset, count, inverseTemperature, u2, settings.topP());
    }

    /**
     * Draws among {@code order[0 .. count)} (most likely first) with weights {@code exp((l − l_max)·invT)},
     * after cutting the list to the smallest prefix holding {@code topP} of their mass.
     */
    private int draw(float[] logits, int offset, int count, double inverseTemperature, double u2, double topP) {
        float max = logits[offset + order[0]];
        double total = 0;
        for (int j = 0; j < count; j++) {
            double weight = Math.exp((logits[offset + order[j]] - max) * inverseTemperature);
            weights[j] = weight;
            total += weight;
        }
        if (topP < 1) {
            double needed = topP * total;
            double kept = 0;
            int keep = 0;
            while (keep < count && kept < needed) {
                kept += weights[keep++];
            }
            count = Math.max(1, keep);
            total = kept;
        }
        double target = u2 * total;
        double cumulative = 0;
        for (int j = 0; j < count; j++) {
            cumulative += weights[j];
            if (target < cumulative) {
                return order[j];
            }
        }
        return order[count - 1];
    }

    /** Puts the {@code limit} most likely allowed ids into {@code order}, most likely first; returns how many. */
    private int top(float[] logits, int offset, boolean[] mask, int limit) {
        int k = Math.min(limit, vocabularySize);
        if (k <= INSERTION_LIMIT) {
            int count = 0;
            for (int id = 0; id < vocabularySize; id++) {
                if (mask != null && !mask[id]) {
                    continue;
                }
                float value = logits[offset + id];
                int position;
                if (count < k) {
                    position = count++;
                } else if (value > logits[offset + order[k - 1]]) {
                    position = k - 1;
                } else {
                    continue;
                }
                while (position > 0 && logits[offset + order[position - 1]] < value) {
                    order[position] = order[position - 1];
                    position--;
                }
                order[position] = id;
            }
            return count;
        }
        int count = 0;
        for (int id = 0; id < vocabularySize; id++) {
            if (mask == null || mask[id]) {
                int bits = Float.floatToIntBits(logits[offset + id]);
                bits ^= (bits >> 31) & 0x7fffffff;
                // Ascending keys: falling logit first (~bits reverses the order), then rising id.
                keys[count++] = ((long) ~bits << 32) | id;
            }
        }
        Arrays.sort(keys, 0, count);
        int kept = Math.min(k, count);
        for (int j = 0; j < kept; j++) {
            order[j] = (int) (keys[j] & 0xffffffffL);
        }
        return kept;
    }
}
