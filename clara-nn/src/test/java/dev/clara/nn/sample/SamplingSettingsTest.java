package dev.clara.nn.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SamplingSettingsTest {

    @Test
    void defaultsAreClarasNotewiseRecommendation() {
        SamplingSettings settings = SamplingSettings.clara();

        assertThat(settings.mode()).isEqualTo(SamplingSettings.Mode.CLARA);
        assertThat(settings.randomFreq()).isEqualTo(0.8);
        assertThat(settings.trunc()).isEqualTo(3);
        assertThat(settings).hasToString("clara(randomFreq 0.8, trunc 3)");
        assertThat(settings.toBuilder().optTrunc(5).build().trunc()).isEqualTo(5);
    }

    @Test
    void rejectsOutOfRangeValuesWithTheReason() {
        assertThatThrownBy(() -> SamplingSettings.builder().optRandomFreq(1.5).build())
                .hasMessageContaining("randomFreq is a probability and must be in [0, 1], was 1.5");
        assertThatThrownBy(() -> SamplingSettings.builder().optTrunc(0).build())
                .hasMessageContaining("trunc").hasMessageContaining("at least 1, was 0");
        SamplingSettings.Builder sampling = SamplingSettings.builder().optMode(SamplingSettings.Mode.SAMPLING);
        assertThatThrownBy(() -> sampling.optTemperature(0).build())
                .hasMessageContaining("temperature must be a finite number greater than 0, was 0.0");
        assertThatThrownBy(() -> sampling.optTemperature(1).optTopK(-1).build()).hasMessageContaining("topK");
        assertThatThrownBy(() -> sampling.optTopK(0).optTopP(0).build()).hasMessageContaining("topP");
        assertThatThrownBy(() -> SamplingSettings.builder().optMode(null).build()).hasMessageContaining("mode");
    }

    @Test
    void samplingKnobsBelongToTheSamplingMode() {
        assertThatThrownBy(() -> SamplingSettings.builder().optTemperature(0.7).build())
                .hasMessageContaining("apply to the SAMPLING mode");

        SamplingSettings sampling = SamplingSettings.builder().optMode(SamplingSettings.Mode.SAMPLING)
                .optTemperature(0.7).optTopK(20).optTopP(0.9).build();

        assertThat(sampling).hasToString("sampling(temperature 0.7, topK 20, topP 0.9)");
    }
}
