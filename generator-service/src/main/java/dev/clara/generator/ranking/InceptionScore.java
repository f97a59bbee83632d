package dev.clara.generator.ranking;

import java.util.List;

/**
 * The musical inception score of a batch (after Salimans et al. 2016, "Improved Techniques for Training GANs", with
 * the composer classifier in the place of Inception):
 * <pre>IS = exp( E_x KL( p(c|x) ‖ p(c) ) ),  p(c) = E_x p(c|x)</pre>
 * It is 1 when every sample gets the same composer distribution and grows to the number of composers when each
 * sample is confidently a different one: high means varied and recognisable.
 */
public final class InceptionScore {
    private InceptionScore() {
    }

    /** @param distributions one p(c|x) per sample, all over the same composers in the same order; NaN if empty */
    public static double of(List<double[]> distributions) {
        if (distributions.isEmpty()) {
            return Double.NaN;
        }
        int classes = distributions.get(0).length;
        double[] marginal = new double[classes];
        for (double[] p : distributions) {
            if (p.length != classes) {
                throw new IllegalArgumentException("distributions over " + p.length + " and " + classes + " classes");
            }
            for (int c = 0; c < classes; c++) {
                marginal[c] += p[c] / distributions.size();
            }
        }
        double meanKl = 0;
        for (double[] p : distributions) {
            double kl = 0;
            for (int c = 0; c < classes; c++) {
                if (p[c] > 0) {
                    kl += p[c] * Math.log(p[c] / marginal[c]);
                }
            }
            meanKl += kl / distributions.size();
        }
        return Math.exp(meanKl);
    }

    /** Shannon entropy in nats. */
    public static double entropy(double[] p) {
        double h = 0;
        for (double v : p) {
            if (v > 0) {
                h -= v * Math.log(v);
            }
        }
        return h;
    }
}
