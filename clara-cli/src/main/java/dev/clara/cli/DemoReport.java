package dev.clara.cli;

import dev.clara.music.MidiFormatException;
import dev.clara.music.Piece;
import dev.clara.music.midi.MidiReader;
import dev.clara.music.render.PianoRoll;
import dev.clara.proto.v1.RankedResult;
import dev.clara.proto.v1.RankedSample;
import dev.clara.proto.v1.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Writes the demo's page: the ranked table with each sample's piano roll, MIDI file and token text. */
final class DemoReport {
    private DemoReport() {
    }

    /** Draws {@code <sample>.png} for every sample and writes {@code index.html}; returns the page. */
    static Path write(Path dir, RankedResult result, List<Sample> samples, String attribution) throws IOException {
        Map<String, Sample> byId = samples.stream().collect(Collectors.toMap(Sample::getSampleId, Function.identity()));
        for (Sample sample : samples) {
            Files.write(dir.resolve(sample.getSampleId() + ".png"), PianoRoll.png(read(sample), 1200, 300));
        }
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Clara: ")
                .append(escape(result.getRequestId())).append("</title>\n<style>body{font-family:sans-serif;margin:2em}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}"
                        + "img{max-width:600px}.novel{color:#a0522d;font-weight:bold}</style></head><body>\n")
                .append("<h1>Clara composed ").append(result.getSamplesCount()).append(" pieces</h1>\n<p>Request <code>")
                .append(escape(result.getRequestId())).append("</code>; generator <code>").append(escape(result.getModelVersion()))
                .append("</code>, critic <code>").append(escape(orDash(result.getCriticVersion())))
                .append("</code>, composer model <code>").append(escape(orDash(result.getComposerVersion()))).append("</code>.");
        if (result.hasInceptionScore()) {
            html.append(String.format(Locale.ROOT, " Musical inception score of the batch: <b>%.3f</b>.", result.getInceptionScore()));
        }
        html.append("</p>\n<p>Ranking: ").append(escape(result.getRanking())).append("</p>\n");
        if (!result.getComplete()) {
            html.append("<p><b>Incomplete:</b> ").append(escape(String.join("; ", result.getMissingList()))).append("</p>\n");
        }
        html.append("<table>\n<tr><th>rank</th><th>sample</th><th>P(human)</th><th>composer (confidence)</th>"
                + "<th>novel</th><th>seconds</th><th>statistics</th><th>piano roll</th></tr>\n");
        for (RankedSample row : result.getSamplesList()) {
            Sample sample = byId.get(row.getSampleId());
            String id = escape(row.getSampleId());
            html.append("<tr><td>").append(row.getRank()).append("</td><td>").append(id)
                    .append("<br><a href=\"").append(id).append(".mid\">MIDI</a> · <a href=\"").append(id)
                    .append(".txt\">tokens</a></td><td>")
                    .append(row.hasPHuman() ? String.format(Locale.ROOT, "%.3f", row.getPHuman()) : "-").append("</td><td>")
                    .append(row.getTopComposer().isEmpty() ? "-" : String.format(Locale.ROOT, "%s (%.2f)",
                            escape(row.getTopComposer()), row.getComposerConfidence()))
                    .append("</td><td>").append(row.getNovel() ? "<span class=\"novel\">new style?</span>" : "")
                    .append("</td><td>").append(String.format(Locale.ROOT, "%.1f", row.getDurationSeconds()))
                    .append("</td><td>").append(String.format(Locale.ROOT,
                            "%d notes<br>pitch range %.0f<br>%d pitch classes<br>polyphony %.2f<br>pitch-class entropy %.2f"
                                    + "<br>scale consistency %.2f<br>empty beats %.2f", row.getStats().getNNotes(),
                            row.getStats().getPitchRange(), row.getStats().getNPitchClassesUsed(), row.getStats().getPolyphony(),
                            row.getStats().getPitchClassEntropy(), row.getStats().getScaleConsistency(),
                            row.getStats().getEmptyBeatRate()))
                    .append("</td><td>").append(sample == null ? "" : "<img src=\"" + id + ".png\" alt=\"piano roll of " + id + "\">")
                    .append("</td></tr>\n");
        }
        html.append("</table>\n<h2>Corpus</h2>\n<pre>").append(escape(attribution)).append("</pre>\n</body></html>\n");
        Path page = dir.resolve("index.html");
        Files.writeString(page, html);
        return page;
    }

    private static Piece read(Sample sample) {
        try {
            return new MidiReader(true, 64L << 20).read(sample.getMidi().toByteArray());
        } catch (MidiFormatException e) {
            try {
                return MidiReader.forPiano().read(sample.getMidi().toByteArray());
            } catch (MidiFormatException again) {
                return Piece.of(sample.getSampleId(), List.of());
            }
        }
    }

    private static String orDash(String text) {
        return text.isEmpty() ? "-" : text;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
