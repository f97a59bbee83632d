package dev.clara.music.render;

import dev.clara.music.Note;
import dev.clara.music.Piece;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PianoRollTest {

    @Test
    void drawsPianoAndSoloNotesInTheirColours() throws Exception {
        Piece piece = Piece.of("", List.of(Note.piano(48, 0, 8), Note.solo(72, 4, 8)));

        byte[] png = PianoRoll.png(piece, 400, 200);

        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(400);
        assertThat(image.getHeight()).isEqualTo(200);
        // The piano note is low and spans the picture; the solo note is high, in the right half only.
        assertThat(column(image, 100)).anyMatch(rgb -> blue(rgb) > 150 && red(rgb) < 100)
                .noneMatch(rgb -> red(rgb) > 200 && blue(rgb) < 100);
        assertThat(column(image, 300)).anyMatch(rgb -> red(rgb) > 200 && blue(rgb) < 100);
        assertThat(image.getRGB(100, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        // A light bar line after four quarter notes, at x = 200.
        assertThat(image.getRGB(200, 100) & 0xFFFFFF).isNotEqualTo(0xFFFFFF);
    }

    @Test
    void drawsAnEmptyPieceAsABlankPicture() throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(PianoRoll.png(Piece.of("", List.of()), 10, 5)));

        assertThat(image.getRGB(5, 2) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        assertThatThrownBy(() -> PianoRoll.png(Piece.of("", List.of()), 0, 5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Integer> column(BufferedImage image, int x) {
        return java.util.stream.IntStream.range(0, image.getHeight()).mapToObj(y -> image.getRGB(x, y) & 0xFFFFFF)
                .toList();
    }

    private static int red(int rgb) {
        return rgb >> 16 & 0xFF;
    }

    private static int blue(int rgb) {
        return rgb & 0xFF;
    }
}
