package dev.clara.nn.classify;

import java.util.List;

/**
 * A piece's class distribution from a {@link ClassifierScorer}: what the critic publishes as
 * P(human) and the composer model as P(composer | sample).
 *
 * @param labels the class names, in the order of {@code probabilities}
 * @param probabilities the mean of the windows' distributions; sums to 1
 * @param windows how many windows of {@code bptt} tokens were read
 */
public record ClassifierScore(List<String> labels, double[] probabilities, int windows) {

    /** The probability of a label, e.g. {@code "human"} for the critic. */
    public double probability(String label) {
        int index = labels.indexOf(label);
        if (index < 0) {
            throw new IllegalArgumentException("no label '" + label + "' among " + labels);
        }
        return probabilities[index];
    }

    /** The most probable label (the first of equals). */
    public String best() {
        int best = 0;
        for (int c = 1; c < probabilities.length; c++) {
            if (probabilities[c] > probabilities[best]) {
                best = c;
            }
        }
        return labels.get(best);
    }

    /** The Shannon entropy of the distribution in nats, −Σ p log p: high when the model is unsure (novelty). */
    public double entropy() {
        double entropy = 0;
        for (double p : probabilities) {
            if (p > 0) {
                entropy -= p * Math.log(p);
            }
        }
        return entropy;
    }
}
