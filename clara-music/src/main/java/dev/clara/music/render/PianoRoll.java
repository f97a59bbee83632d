package dev.clara.music.render;

import dev.clara.music.Note;
import dev.clara.music.Part;
import dev.clara.music.Piece;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A piano-roll picture of a piece as PNG: time runs left to right over the whole piece, pitch bottom to top over the
 * pitches used (with a little margin), piano notes blue, solo notes orange, a light line every four quarter notes
 * (a 4/4 bar; the piece's real metre is not known). Works headless, as on a server.
 */
public final class PianoRoll {

    private static final Color BACKGROUND = Color.WHITE;
    private static final Color BAR_LINE = new Color(225, 225, 225);
    private static final Color C_LINE = new Color(240, 240, 240);
    private static final Color PIANO = new Color(40, 90, 180);
    private static final Color SOLO = new Color(230, 120, 20);
    private static final int PITCH_MARGIN = 2;

    private PianoRoll() {
    }

    /** The PNG bytes of a {@code widthPx × heightPx} picture. */
    public static byte[] png(Piece piece, int widthPx, int heightPx) {
        if (widthPx < 1 || heightPx < 1 || (long) widthPx * heightPx > 64L << 20) {
            throw new IllegalArgumentException("picture size " + widthPx + "x" + heightPx + " out of bounds");
        }
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true"); // services have no display
        }
        BufferedImage image = new BufferedImage(widthPx, heightPx, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            draw(g, piece, widthPx, heightPx);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding to memory failed", e);
        }
        return out.toByteArray();
    }

    private static void draw(Graphics2D g, Piece piece, int width, int height) {
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, width, height);
        if (piece.noteCount() == 0) {
            return;
        }
        int low = 127;
        int high = 0;
        for (Note note : piece.notes()) {
            low = Math.min(low, note.pitch());
            high = Math.max(high, note.pitch());
        }
        low = Math.max(0, low - PITCH_MARGIN);
        high = Math.min(127, high + PITCH_MARGIN);
        int rows = high - low + 1;
        double rowHeight = (double) height / rows;
        double duration = Math.max(piece.durationQuarters(), 1e-9);
        double pxPerQuarter = width / duration;

        g.setColor(C_LINE);
        for (int pitch = low; pitch <= high; pitch++) {
            if (pitch % 12 == 0) {
                int y = (int) ((high - pitch + 0.5) * rowHeight);
                g.drawLine(0, y, width - 1, y);
            }
        }
        g.setColor(BAR_LINE);
        double barPx = 4 * pxPerQuarter;
        if (barPx >= 3) { // below that, bar lines would grey the whole picture
            for (double bar = 4; bar < duration; bar += 4) {
                int x = (int) (bar * pxPerQuarter);
                g.drawLine(x, 0, x, height - 1);
            }
        }
        for (Note note : piece.notes()) {
            g.setColor(note.part() == Part.SOLO ? SOLO : PIANO);
            int x = (int) (note.start() * pxPerQuarter);
            int w = Math.max(1, (int) Math.ceil(note.durationQuarters() * pxPerQuarter));
            int y = (int) ((high - note.pitch()) * rowHeight);
            int h = Math.max(1, (int) Math.ceil(rowHeight) - (rowHeight > 4 ? 1 : 0));
            g.fillRect(x, y, w, h);
        }
    }
}
