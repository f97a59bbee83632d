package dev.clara.nn.sample;

import java.time.Duration;
import java.util.Arrays;

/**
 * Where a generation stands: every sample's tokens so far (prompt excluded). The arrays are copies
 * made for this report; the listener may keep them.
 *
 * @param step sampling steps done; after step n every unfinished sample holds n tokens
 * @param tokens per sample, the ids generated so far
 * @param reportedBefore per sample, how many of those tokens the previous report already held (0 in
 *     the first), so that a streaming listener can send only {@link #newTokens(int)}
 * @param finished per sample, whether it has ended
 * @param elapsed time since the generation started, priming included
 * @param last whether this is the final report of the generation (sent once, when the loop ends)
 */
public record GenerationProgress(int step, int[][] tokens, int[] reportedBefore, boolean[] finished, Duration elapsed,
        boolean last) {

    public int samples() {
        return tokens.length;
    }

    /** The tokens of a sample that no earlier report held. */
    public int[] newTokens(int sample) {
        return Arrays.copyOfRange(tokens[sample], reportedBefore[sample], tokens[sample].length);
    }

    public long totalTokens() {
        long total = 0;
        for (int[] sample : tokens) {
            total += sample.length;
        }
        return total;
    }
}
