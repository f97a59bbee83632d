package dev.clara.cli;

import dev.clara.proto.v1.RankedResult;
import dev.clara.proto.v1.RankedSample;
import java.io.PrintStream;
import java.util.Locale;

/** Prints a ranked result as a table for the terminal. */
final class ResultTable {
    private ResultTable() {
    }

    static void print(RankedResult result, PrintStream out) {
        out.printf(Locale.ROOT, "ranked result of %s (%d of %d samples%s; model %s, critic %s, composer %s)%n",
                result.getRequestId(), result.getSamplesCount(), result.getExpectedSamples(),
                result.getComplete() ? "" : ", INCOMPLETE", orDash(result.getModelVersion()),
                orDash(result.getCriticVersion()), orDash(result.getComposerVersion()));
        out.printf("%-4s %-22s %-8s %-26s %-6s %-8s %-6s %-9s %s%n", "RANK", "SAMPLE", "P(HUMAN)", "COMPOSER (CONFIDENCE)",
                "NOVEL", "SECONDS", "NOTES", "PC-ENTR.", "SCALE");
        for (RankedSample s : result.getSamplesList()) {
            String composer = s.getTopComposer().isEmpty() ? "-"
                    : String.format(Locale.ROOT, "%s (%.2f)", s.getTopComposer(), s.getComposerConfidence());
            out.printf(Locale.ROOT, "%-4d %-22s %-8s %-26s %-6s %-8.1f %-6d %-9.2f %.2f%n", s.getRank(),
                    s.getSampleId(), s.hasPHuman() ? String.format(Locale.ROOT, "%.3f", s.getPHuman()) : "-", composer,
                    s.getNovel() ? "yes" : "", s.getDurationSeconds(), s.getStats().getNNotes(),
                    s.getStats().getPitchClassEntropy(), s.getStats().getScaleConsistency());
        }
        if (result.hasInceptionScore()) {
            out.printf(Locale.ROOT, "musical inception score of the batch: %.3f%n", result.getInceptionScore());
        }
        for (String missing : result.getMissingList()) {
            out.println("missing: " + missing);
        }
        out.println("ranking: " + result.getRanking());
    }

    private static String orDash(String text) {
        return text == null || text.isEmpty() ? "-" : text;
    }
}
