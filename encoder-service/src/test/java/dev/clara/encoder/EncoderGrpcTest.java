package dev.clara.encoder;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;

import com.google.protobuf.ByteString;
import dev.clara.kafka.testing.EmbeddedKafkaTestResource;
import dev.clara.kafka.testing.TestKafkaClient;
import dev.clara.kafka.testing.RequiresKafka;
import dev.clara.proto.ProtoJson;
import dev.clara.proto.Topics;
import dev.clara.proto.v1.DecodeRequest;
import dev.clara.proto.v1.DecodeResponse;
import dev.clara.proto.v1.DeadLetter;
import dev.clara.proto.v1.EncodeRequest;
import dev.clara.proto.v1.EncodeResponse;
import dev.clara.proto.v1.EncoderGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import grpc.health.v1.HealthGrpc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@RequiresKafka
@QuarkusTestResource(EmbeddedKafkaTestResource.class)
class EncoderGrpcTest {
    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private ManagedChannel channel;
    private EncoderGrpc.EncoderBlockingStub encoder;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext()
                .maxInboundMessageSize(64 * 1024 * 1024).build();
        encoder = EncoderGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void disconnect() {
        channel.shutdownNow();
    }

    @Test
    void encodesAndDecodesBackToTheSameTokens() throws Exception {
        EncodeResponse encoded = encoder.encode(EncodeRequest.newBuilder()
                .setMidi(ByteString.copyFrom(TestMidi.pianoScale(8))).setEncoding("notewise-sf12-r62").build());
        assertThat(encoded.getNoteCount()).isEqualTo(8);
        assertThat(encoded.getTempoBpm()).isCloseTo(100.0, org.assertj.core.data.Offset.offset(0.01));

        DecodeResponse decoded = encoder.decode(DecodeRequest.newBuilder().setTokens(encoded.getTokens())
                .setEncoding("notewise-sf12-r62").setTempoBpm(100).build());
        assertThat(decoded.getNoteCount()).isEqualTo(8);
        assertThat(decoded.getSkippedTokens()).isZero();
        EncodeResponse again = encoder.encode(EncodeRequest.newBuilder().setMidi(decoded.getMidi()).build());
        assertThat(again.getTokens()).isEqualTo(encoded.getTokens());
    }

    @Test
    void malformedModelOutputStillDecodesToAStandardMidiFile() throws Exception {
        DecodeResponse decoded = encoder.decode(DecodeRequest.newBuilder()
                .setTokens("endp3 p10 banana p10 wait4 p12 wait99 endp44 wait3").build());
        Sequence sequence = MidiSystem.getSequence(new ByteArrayInputStream(decoded.getMidi().toByteArray()));
        assertThat(sequence.getTracks().length).isGreaterThanOrEqualTo(2);
        assertThat(decoded.getNoteCount()).isEqualTo(2);
        assertThat(decoded.getSkippedTokens()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aBadFileIsInvalidArgumentWithTheReasonAndADeadLetter() throws Exception {
        byte[] garbage = ("garbage-" + System.nanoTime()).getBytes();
        assertThatThrownBy(() -> encoder.encode(EncodeRequest.newBuilder().setMidi(ByteString.copyFrom(garbage)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("NOT_MIDI: ");
                });
        var letters = TestKafkaClient.shared().await(Topics.DLQ, r -> r.value().contains("grpc:clara.v1.Encoder/Encode")
                && parse(r.value()).getOriginal().toStringUtf8().equals(new String(garbage)), 1, Duration.ofSeconds(30));
        assertThat(letters).hasSize(1);
    }

    @Test
    void aFileOverSixteenMebibytesIsRefusedBeforeParsing() {
        byte[] huge = new byte[16 * 1024 * 1024 + 1];
        System.arraycopy(TestMidi.pianoScale(4), 0, huge, 0, 14);
        assertThatThrownBy(() -> encoder.encode(EncodeRequest.newBuilder().setMidi(ByteString.copyFrom(huge)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("TOO_LARGE: ");
                });
    }

    @Test
    void anUnknownEncodingIsInvalidArgument() {
        assertThatThrownBy(() -> encoder.encode(EncodeRequest.newBuilder()
                .setMidi(ByteString.copyFrom(TestMidi.pianoScale(4))).setEncoding("wordwise-sf0").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("UNKNOWN_ENCODING: ");
                });
    }

    @Test
    void healthIsServedOverGrpcAndHttpAndMetricsOverHttp() {
        HealthCheckResponse health = HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.newBuilder().build());
        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        given().port(port).get("/q/health/ready").then().statusCode(200);
        encoder.encode(EncodeRequest.newBuilder().setMidi(ByteString.copyFrom(TestMidi.pianoScale(2))).build());
        given().port(port).get("/q/metrics").then().statusCode(200).body(containsString("clara_encoder_pieces_total{code=\"OK\",outcome=\"encoded\",via=\"grpc\"}"));
    }

    private static DeadLetter parse(String json) {
        try {
            return ProtoJson.read(json, DeadLetter.newBuilder());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
