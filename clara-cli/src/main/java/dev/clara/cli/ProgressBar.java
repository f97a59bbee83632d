package dev.clara.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on a terminal ({@code \r} redraws); on a pipe or file it prints a plain line at most every
 * few seconds so logs stay readable.
 */
final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String label;
    private final boolean terminal;
    private long total;
    private long lastPlainLine;
    private int lastLength;

    ProgressBar(String label, long total) {
        this(System.err, label, total, System.console() != null);
    }

    ProgressBar(PrintStream out, String label, long total, boolean terminal) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.terminal = terminal;
    }

    void total(long newTotal) {
        this.total = newTotal;
    }

    void update(long done, String detail) {
        String line = render(done, detail);
        if (terminal) {
            String padded = line.length() < lastLength ? line + " ".repeat(lastLength - line.length()) : line;
            out.print("\r" + padded);
            lastLength = line.length();
            out.flush();
        } else {
            long now = System.currentTimeMillis();
            if (now - lastPlainLine >= 5000 || (total > 0 && done >= total)) {
                out.println(line);
                lastPlainLine = now;
            }
        }
    }

    /** Prints a line above the bar, so reports and the bar do not overwrite each other. */
    void log(PrintStream target, String line) {
        if (terminal && lastLength > 0) {
            out.print("\r" + " ".repeat(lastLength) + "\r");
            out.flush();
            lastLength = 0;
        }
        target.println(line);
    }

    String render(long done, String detail) {
        StringBuilder sb = new StringBuilder(label).append(' ');
        if (total > 0) {
            double fraction = Math.min(1.0, done / (double) total);
            int filled = (int) Math.round(fraction * WIDTH);
            sb.append('[').append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3.0f%% %d/%d", fraction * 100, done, total));
        } else {
            sb.append(done);
        }
        if (detail != null && !detail.isEmpty()) {
            sb.append("  ").append(detail);
        }
        return sb.toString();
    }

    @Override
    public void close() {
        if (terminal && lastLength > 0) {
            out.println();
        }
    }
}
