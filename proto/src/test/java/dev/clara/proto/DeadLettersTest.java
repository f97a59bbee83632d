package dev.clara.proto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clara.proto.v1.DeadLetter;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    @Test
    void keepsTheOriginalAndWhereItCameFrom() {
        DeadLetter letter = DeadLetters.fromRecord("encoder-service", Topics.MIDI, 2, 41L, "piece-7",
                new byte[] {1, 2, 3}, "NOT_MIDI", "no MThd header");
        assertThat(letter.getSource()).isEqualTo("clara.midi");
        assertThat(letter.getPartition()).isEqualTo(2);
        assertThat(letter.getOffset()).isEqualTo(41L);
        assertThat(letter.getOriginal().toByteArray()).containsExactly(1, 2, 3);
        assertThat(letter.getOriginalTruncated()).isFalse();
        assertThat(letter.getReason()).isEqualTo("no MThd header");
    }

    @Test
    void cutsHugeOriginalsSoTheLetterFitsItsTopic() {
        byte[] huge = new byte[DeadLetters.MAX_ORIGINAL_BYTES + 10];
        DeadLetter letter = DeadLetters.fromCall("encoder-service", "clara.v1.Encoder/Encode", null, huge,
                "TOO_LARGE", "too big");
        assertThat(letter.getOriginal().size()).isEqualTo(DeadLetters.MAX_ORIGINAL_BYTES);
        assertThat(letter.getOriginalTruncated()).isTrue();
        assertThat(letter.getSource()).isEqualTo("grpc:clara.v1.Encoder/Encode");
        assertThat(letter.getKey()).isEmpty();
    }
}
