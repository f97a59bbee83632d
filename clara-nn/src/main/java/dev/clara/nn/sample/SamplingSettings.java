package dev.clara.nn.sample;

import java.util.Locale;

/**
 * How the next token is chosen from the model's distribution.
 *
 * <p>{@link Mode#CLARA} is Clara's scheme: with probability {@code randomFreq} the token is drawn among
 * the {@code trunc} most likely tokens in proportion to their probabilities, otherwise the most likely
 * token is taken. Clara recommends {@code randomFreq} 0.8 and {@code trunc} 3 for the notewise encoding,
 * which are the defaults. {@link Mode#SAMPLING} is plain ancestral sampling from
 * {@code softmax(logits / temperature)}, restricted to the {@code topK} most likely tokens (0 keeps all)
 * and then to the smallest set of most likely tokens whose probability reaches {@code topP} (1 keeps
 * all; Holtzman et al. 2019, "The Curious Case of Neural Text Degeneration").
 *
 * <p>In both modes tokens a {@link TokenConstraint} forbids get probability 0 first, and the rest is
 * renormalised by the draw itself.
 *
 * @param mode which of the two schemes
 * @param randomFreq CLARA: the probability of a random draw instead of the argmax, in [0, 1]
 * @param trunc CLARA: how many of the most likely tokens the random draw chooses among, at least 1
 * @param temperature SAMPLING: divides the logits, greater than 0 (1 leaves the distribution as it is)
 * @param topK SAMPLING: keeps only the k most likely tokens, 0 for all
 * @param topP SAMPLING: nucleus mass in (0, 1], 1 for all
 */
public record SamplingSettings(Mode mode, double randomFreq, int trunc, double temperature, int topK, double topP) {

    /** Clara's recommendation for the notewise encoding. */
    public static final double DEFAULT_RANDOM_FREQ = 0.8;
    /** Clara's recommendation for the notewise encoding. */
    public static final int DEFAULT_TRUNC = 3;

    /** The two ways of choosing a token. */
    public enum Mode {
        /** Argmax, or with probability {@code randomFreq} a draw among the {@code trunc} most likely. */
        CLARA,
        /** A draw from the tempered distribution, optionally cut by top-k and top-p. */
        SAMPLING
    }

    public SamplingSettings {
        validate(mode, randomFreq, trunc, temperature, topK, topP);
    }

    /** Clara's scheme with her notewise defaults, randomFreq 0.8 and trunc 3. */
    public static SamplingSettings clara() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.mode = mode;
        builder.randomFreq = randomFreq;
        builder.trunc = trunc;
        builder.temperature = temperature;
        builder.topK = topK;
        builder.topP = topP;
        return builder;
    }

    @Override
    public String toString() {
        return mode == Mode.CLARA
                ? String.format(Locale.ROOT, "clara(randomFreq %s, trunc %d)", randomFreq, trunc)
                : String.format(Locale.ROOT, "sampling(temperature %s, topK %d, topP %s)", temperature, topK, topP);
    }

    private static void validate(Mode mode, double randomFreq, int trunc, double temperature, int topK, double topP) {
        if (mode == null) {
            throw new IllegalArgumentException("the sampling mode is required: CLARA or SAMPLING");
        }
        if (!(randomFreq >= 0 && randomFreq <= 1)) {
            throw new IllegalArgumentException("randomFreq is a probability and must be in [0, 1], was " + randomFreq);
        }
        if (trunc < 1) {
            throw new IllegalArgumentException("trunc is how many of the most likely tokens a random draw may pick; "
                    + "it must be at least 1, was " + trunc);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number greater than 0, was " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be 0 (keep every token) or positive, was " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP is a probability mass and must be in (0, 1], was " + topP);
        }
        if (mode == Mode.CLARA && (temperature != 1 || topK != 0 || topP != 1)) {
            throw new IllegalArgumentException("temperature, topK and topP apply to the SAMPLING mode; Clara's scheme "
                    + "is shaped by randomFreq and trunc (set optMode(Mode.SAMPLING) to sample with them)");
        }
    }

    /**
     * Builds {@link SamplingSettings}; everything is optional. The mode is CLARA unless set, with
     * randomFreq 0.8, trunc 3; SAMPLING starts from temperature 1, topK 0, topP 1 (the model's own
     * distribution).
     */
    public static final class Builder {

        private Mode mode = Mode.CLARA;
        private double randomFreq = DEFAULT_RANDOM_FREQ;
        private int trunc = DEFAULT_TRUNC;
        private double temperature = 1;
        private int topK;
        private double topP = 1;

        private Builder() {}

        public Builder optMode(Mode mode) {
            this.mode = mode;
            return this;
        }

        public Builder optRandomFreq(double randomFreq) {
            this.randomFreq = randomFreq;
            return this;
        }

        public Builder optTrunc(int trunc) {
            this.trunc = trunc;
            return this;
        }

        public Builder optTemperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        public Builder optTopK(int topK) {
            this.topK = topK;
            return this;
        }

        public Builder optTopP(double topP) {
            this.topP = topP;
            return this;
        }

        /** @throws IllegalArgumentException with the reason when a value is out of range or belongs to the other mode */
        public SamplingSettings build() {
            return new SamplingSettings(mode, randomFreq, trunc, temperature, topK, topP);
        }
    }
}
