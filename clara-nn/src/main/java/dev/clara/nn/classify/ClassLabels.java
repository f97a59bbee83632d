package dev.clara.nn.classify;

import java.util.HashSet;
import java.util.List;

/** The rules every classifier's class names follow, so that {@code labels.txt} reads back as written. */
final class ClassLabels {

    private ClassLabels() {}

    /**
     * @throws IllegalArgumentException unless there are at least two distinct labels, each one non-blank line
     */
    static void check(List<String> labels) {
        if (labels.size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least two labels, got " + labels);
        }
        if (new HashSet<>(labels).size() != labels.size()) {
            throw new IllegalArgumentException("labels must be distinct: " + labels);
        }
        for (String label : labels) {
            if (label == null || label.isBlank() || label.contains("\n") || label.contains("\r")
                    || !label.equals(label.strip())) {
                throw new IllegalArgumentException("a label must be one non-blank line without surrounding spaces: '"
                        + label + "'");
            }
        }
    }
}
