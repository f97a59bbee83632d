package dev.clara.nn.classify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well a classifier labels held-out excerpts, from its confusion matrix
 * {@code C[t][p]} = the number of excerpts of true class t predicted as p (N in all):
 * <pre>
 *   accuracy          = Σ_c C[c][c] / N
 *   precision(c)      = C[c][c] / Σ_t C[t][c]      share of the excerpts predicted c that are c
 *   recall(c)         = C[c][c] / Σ_p C[c][p]      share of the excerpts of c predicted c
 *   balanced accuracy = mean of recall(c) over the classes that occur
 * </pre>
 * A precision whose class was never predicted, or a recall whose class never occurs, is 0 (as
 * scikit-learn's {@code zero_division=0}), so that every value is a finite number in JSON.
 */
public final class ClassificationMetrics {

    private final List<String> labels;
    private final long[][] confusion;
    private final double loss;
    private final long examples;

    private ClassificationMetrics(List<String> labels, long[][] confusion, double loss) {
        this.labels = List.copyOf(labels);
        this.confusion = confusion;
        this.loss = loss;
        long total = 0;
        for (long[] row : confusion) {
            for (long count : row) {
                total += count;
            }
        }
        if (total == 0) {
            throw new IllegalArgumentException("metrics need at least one example");
        }
        this.examples = total;
    }

    /**
     * Counts predictions against the truth.
     *
     * @param labels the class names, in class-index order
     * @param truth each example's true class
     * @param predicted each example's predicted class
     * @param loss the mean cross-entropy over the examples, or NaN when not known
     */
    public static ClassificationMetrics of(List<String> labels, int[] truth, int[] predicted, double loss) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " true classes but " + predicted.length + " predictions");
        }
        long[][] confusion = new long[labels.size()][labels.size()];
        for (int i = 0; i < truth.length; i++) {
            confusion[truth[i]][predicted[i]]++;
        }
        return new ClassificationMetrics(labels, confusion, loss);
    }

    /** Wraps a confusion matrix {@code [true][predicted]}, one row and column per label. */
    public static ClassificationMetrics ofConfusion(List<String> labels, long[][] confusion, double loss) {
        long[][] copy = new long[labels.size()][];
        if (confusion.length != labels.size()) {
            throw new IllegalArgumentException("the confusion matrix has " + confusion.length + " rows for "
                    + labels.size() + " labels");
        }
        for (int t = 0; t < confusion.length; t++) {
            if (confusion[t].length != labels.size()) {
                throw new IllegalArgumentException("row " + t + " of the confusion matrix has " + confusion[t].length
                        + " columns for " + labels.size() + " labels");
            }
            copy[t] = confusion[t].clone();
        }
        return new ClassificationMetrics(labels, copy, loss);
    }

    public List<String> labels() {
        return labels;
    }

    /** The number of examples of true class {@code truth} predicted as {@code predicted}. */
    public long confusion(int truth, int predicted) {
        return confusion[truth][predicted];
    }

    public long examples() {
        return examples;
    }

    /** The mean cross-entropy (nats), or NaN when not known. */
    public double loss() {
        return loss;
    }

    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < labels.size(); c++) {
            correct += confusion[c][c];
        }
        return (double) correct / examples;
    }

    public double precision(int c) {
        long predicted = 0;
        for (long[] row : confusion) {
            predicted += row[c];
        }
        return predicted == 0 ? 0 : (double) confusion[c][c] / predicted;
    }

    public double recall(int c) {
        long actual = 0;
        for (long count : confusion[c]) {
            actual += count;
        }
        return actual == 0 ? 0 : (double) confusion[c][c] / actual;
    }

    /** The mean recall over the classes that occur: accuracy as if every class were equally common. */
    public double balancedAccuracy() {
        double sum = 0;
        int present = 0;
        for (int c = 0; c < labels.size(); c++) {
            long actual = 0;
            for (long count : confusion[c]) {
                actual += count;
            }
            if (actual > 0) {
                sum += (double) confusion[c][c] / actual;
                present++;
            }
        }
        return sum / present;
    }

    /**
     * The flat form stored in an artifact's {@code metrics.json}: {@code accuracy},
     * {@code balanced_accuracy}, {@code validation_loss} (when known), {@code examples},
     * {@code precision.<label>}, {@code recall.<label>} and {@code confusion.<true>.<predicted>}.
     */
    public Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("accuracy", accuracy());
        map.put("balanced_accuracy", balancedAccuracy());
        if (Double.isFinite(loss)) {
            map.put("validation_loss", loss);
        }
        map.put("examples", (double) examples);
        for (int c = 0; c < labels.size(); c++) {
            map.put("precision." + labels.get(c), precision(c));
        }
        for (int c = 0; c < labels.size(); c++) {
            map.put("recall." + labels.get(c), recall(c));
        }
        for (int t = 0; t < labels.size(); t++) {
            for (int p = 0; p < labels.size(); p++) {
                map.put("confusion." + labels.get(t) + "." + labels.get(p), (double) confusion[t][p]);
            }
        }
        return map;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "accuracy %.4f, balanced %.4f, loss %.4g over %d excerpts",
                accuracy(), balancedAccuracy(), loss, examples);
    }
}
