package dev.clara.music.midi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ChamberMappingTest {

    @ParameterizedTest(name = "program {0} is {1}")
    @CsvSource({"0, KEYBOARD", "6, KEYBOARD", "16, KEYBOARD", "19, KEYBOARD", "23, KEYBOARD", "46, KEYBOARD",
            "24, UNSUPPORTED", "33, UNSUPPORTED", "40, SOLO", "42, SOLO", "45, SOLO", "48, SOLO", "52, SOLO",
            "54, SOLO", "55, UNSUPPORTED", "56, SOLO", "71, SOLO", "73, SOLO", "79, SOLO", "80, UNSUPPORTED",
            "127, UNSUPPORTED"})
    void mapsGeneralMidiPrograms(int program, InstrumentFamily family) {
        assertThat(ChamberMapping.familyOfProgram(program)).isEqualTo(family);
    }

    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource({"Violin 1, SOLO", "VIOLINO., SOLO", "Violoncello, SOLO", "Cello 2, SOLO", "Voice, SOLO",
            "Soprano, SOLO", "Alto, SOLO", "Bass, SOLO", "Flute, SOLO", "Clarinet in A, SOLO", "Men, SOLO",
            "Singstimme, SOLO", "Piano, KEYBOARD", "Pianoforte, KEYBOARD", "Harpsichord, KEYBOARD",
            "Organ, KEYBOARD", "Harp, KEYBOARD", "Piano (Voice reduction), KEYBOARD"})
    void recognisesTrackNames(String name, InstrumentFamily family) {
        assertThat(ChamberMapping.familyOfName(name)).contains(family);
    }

    @Test
    void letsNamesWinOverMissingOrZeroProgramsOnly() {
        assertThat(ChamberMapping.classify(-1, "Violin")).isEqualTo(InstrumentFamily.SOLO);
        assertThat(ChamberMapping.classify(0, "Voice")).isEqualTo(InstrumentFamily.SOLO);
        assertThat(ChamberMapping.classify(24, "Voice")).isEqualTo(InstrumentFamily.SOLO);
        assertThat(ChamberMapping.classify(40, "Piano")).isEqualTo(InstrumentFamily.SOLO);
        assertThat(ChamberMapping.classify(-1, "Track 1")).isEqualTo(InstrumentFamily.KEYBOARD);
        assertThat(ChamberMapping.classify(-1)).isEqualTo(InstrumentFamily.KEYBOARD);
        assertThat(ChamberMapping.classify(24, "Guitar")).isEqualTo(InstrumentFamily.UNSUPPORTED);
        assertThat(ChamberMapping.familyOfName("Sonata in A")).isEmpty();
        assertThat(ChamberMapping.familyOfName(null)).isEmpty();
    }

    @Test
    void raisesSoloPitchesByOctavesToG3() {
        assertThat(ChamberMapping.raiseSolo(55)).isEqualTo(55);
        assertThat(ChamberMapping.raiseSolo(54)).isEqualTo(66);
        assertThat(ChamberMapping.raiseSolo(36)).isEqualTo(60);
        assertThat(ChamberMapping.raiseSolo(0)).isEqualTo(60);
        assertThat(ChamberMapping.raiseSolo(90)).isEqualTo(90);
    }
}
