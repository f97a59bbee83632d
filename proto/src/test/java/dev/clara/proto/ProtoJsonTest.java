package dev.clara.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.clara.proto.v1.EnsembleHint;
import dev.clara.proto.v1.GenerateRequest;
import dev.clara.proto.v1.MidiSubmitted;
import dev.clara.proto.v1.SamplingSettings;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ProtoJsonTest {

    @Test
    void midiTravelsAsBase64InCamelCaseJson() throws Exception {
        byte[] midi = {'M', 'T', 'h', 'd', 0, 0, 0, 6};
        MidiSubmitted event = MidiSubmitted.newBuilder().setPieceId("p1").setComposer("bach")
                .setEnsemble(EnsembleHint.ENSEMBLE_PIANO).setMidi(ByteString.copyFrom(midi)).build();

        String json = ProtoJson.write(event);

        assertThat(json).contains("\"pieceId\":\"p1\"").contains("\"ensemble\":\"ENSEMBLE_PIANO\"")
                .contains("\"midi\":\"" + Base64.getEncoder().encodeToString(midi) + "\"");
        MidiSubmitted back = ProtoJson.read(json, MidiSubmitted.newBuilder());
        assertThat(back).isEqualTo(event);
    }

    @Test
    void handWrittenJsonFromAnotherClientIsRead() throws Exception {
        String json = "{\"piece_id\":\"x\",\"midi\":\"TVRoZA==\",\"futureField\":1}";
        MidiSubmitted event = ProtoJson.read(json, MidiSubmitted.newBuilder());
        assertThat(event.getPieceId()).isEqualTo("x");
        assertThat(event.getMidi().toStringUtf8()).isEqualTo("MThd");
    }

    @Test
    void optionalFieldsKeepPresenceSoZeroIsNotDefault() throws Exception {
        GenerateRequest request = GenerateRequest.newBuilder()
                .setSampling(SamplingSettings.newBuilder().setRandomFreq(0.0)).build();
        GenerateRequest back = ProtoJson.read(ProtoJson.write(request), GenerateRequest.newBuilder());
        assertThat(back.getSampling().hasRandomFreq()).isTrue();
        assertThat(back.getSampling().hasTrunc()).isFalse();
    }

    @Test
    void badJsonGivesAReadableReason() {
        assertThatThrownBy(() -> ProtoJson.read("{\"pieceId\": ", MidiSubmitted.newBuilder()))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("not a valid JSON MidiSubmitted");
        assertThatThrownBy(() -> ProtoJson.read("", MidiSubmitted.newBuilder()))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("empty value");
        assertThatThrownBy(() -> ProtoJson.read("{\"midi\":\"%%%\"}", MidiSubmitted.newBuilder()))
                .isInstanceOf(InvalidEventException.class);
    }
}
