package dev.clara.music.midi;

import dev.clara.music.MidiFormatException;
import dev.clara.music.Piece;
import dev.clara.music.testing.PropertyCheck;
import dev.clara.music.testing.RandomPieces;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Corrupt input of every kind ends in a Piece or a MidiFormatException, never another exception. */
class MidiReaderRobustnessTest {

    private static final byte[] VALID = SmfBytes.file(1, 480,
            new SmfBytes.Track().name(0, "Score").tempo(0, 100).endOfTrack().bytes(),
            new SmfBytes.Track().name(0, "Violin").program(0, 0, 40)
                    .noteOn(0, 0, 60, 90).running(240, 64, 90).running(240, 60, 0).noteOff(0, 0, 64)
                    .endOfTrack().bytes(),
            new SmfBytes.Track().name(0, "Piano")
                    .noteOn(0, 1, 48, 90).noteOff(480, 1, 48).noteOn(0, 9, 36, 90).noteOff(10, 9, 36)
                    .endOfTrack().bytes());

    private final MidiReader chamber = MidiReader.forChamber();
    private final MidiReader piano = MidiReader.forPiano();

    @Test
    void mutatedFilesNeverEscapeAsOtherExceptions() {
        PropertyCheck.forAll(MidiReaderRobustnessTest::mutation)
                .edgeCases(edgeMutations())
                .showing(MidiReaderRobustnessTest::hex)
                .tries(2000)
                .seed(0x5EED_0101L)
                .check(this::assertReadsOrRefuses);
    }

    @Test
    void randomBytesNeverEscapeAsOtherExceptions() {
        PropertyCheck.forAll(MidiReaderRobustnessTest::noise)
                .edgeCases(edgeNoise())
                .showing(MidiReaderRobustnessTest::hex)
                .tries(500)
                .seed(0x5EED_0102L)
                .check(noise -> {
                    assertReadsOrRefuses(noise);
                    byte[] withHeader = Arrays.copyOf(SmfBytes.header(0, 1, 96), 14 + noise.length);
                    System.arraycopy(noise, 0, withHeader, 14, noise.length);
                    assertReadsOrRefuses(withHeader);
                });
    }

    /** The valid file with 1..6 bytes overwritten by any value, cut to between half its length and all of it. */
    static byte[] mutation(SplittableRandom random) {
        int[] positions = new int[RandomPieces.size(random, 1, 6)];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = RandomPieces.between(random, 0, VALID.length * 256 - 1);
        }
        return mutated(positions, RandomPieces.between(random, 0, VALID.length));
    }

    /** Each byte position {@code / 256} set to the value {@code % 256}; then {@code cut + half} bytes kept. */
    private static byte[] mutated(int[] positions, int cut) {
        byte[] smf = Arrays.copyOf(VALID, VALID.length);
        for (int position : positions) {
            smf[position / 256] = (byte) (position % 256);
        }
        return Arrays.copyOf(smf, Math.min(cut + VALID.length / 2, VALID.length));
    }

    /**
     * The first and last byte set to 0 and to 0xFF; every header byte zeroed and maxed; the cut at half, at half plus
     * one and at full length; and the byte after each chunk header's length set to 0xFF.
     */
    private static List<byte[]> edgeMutations() {
        List<byte[]> cases = new ArrayList<>();
        int last = VALID.length - 1;
        for (int value : new int[] {0, 0xFF, 0x7F, 0x80}) {
            cases.add(mutated(new int[] {value}, VALID.length));
            cases.add(mutated(new int[] {last * 256 + value}, VALID.length));
        }
        for (int i = 0; i < 22; i++) {
            cases.add(mutated(new int[] {i * 256}, VALID.length));
            cases.add(mutated(new int[] {i * 256 + 0xFF}, VALID.length));
        }
        for (int cut : new int[] {0, 1, VALID.length - VALID.length / 2 - 1, VALID.length}) {
            cases.add(mutated(new int[] {0}, cut));
            cases.add(mutated(new int[] {last * 256 + 0xFF}, cut));
        }
        return cases;
    }

    /** 0..200 bytes of any value. */
    static byte[] noise(SplittableRandom random) {
        byte[] noise = new byte[RandomPieces.size(random, 0, 200)];
        random.nextBytes(noise);
        return noise;
    }

    /** Empty, one zero, 200 zeros and 200 0xFF bytes, a lone "MTrk" and a lone "MThd". */
    private static List<byte[]> edgeNoise() {
        byte[] maxed = new byte[200];
        Arrays.fill(maxed, (byte) 0xFF);
        return List.of(new byte[0], new byte[1], new byte[200], maxed, "MTrk".getBytes(StandardCharsets.US_ASCII),
                "MThd".getBytes(StandardCharsets.US_ASCII),
                Arrays.copyOf(VALID, 200));
    }

    private static String hex(byte[] bytes) {
        return bytes.length + " bytes: " + HexFormat.of().formatHex(bytes);
    }

    private void assertReadsOrRefuses(byte[] smf) {
        for (MidiReader reader : List.of(chamber, piano)) {
            try {
                Piece piece = reader.read(smf);
                assertThat(piece.noteCount()).isPositive();
            } catch (MidiFormatException e) {
                assertThat(e.code()).isNotNull();
                assertThat(e.reason()).isNotBlank();
            }
        }
    }
}
