package dev.clara.nn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class OneCycleScheduleTest {

    private final OneCycleSchedule schedule = OneCycleSchedule.builder()
            .setPeakLearningRate(1e-2f).setTotalSteps(101).optWarmupFraction(0.1f).build();

    @Test
    void warmsUpLinearlyFromAFractionOfThePeak() {
        assertThat(schedule.warmupSteps()).isEqualTo(10);
        assertThat(schedule.learningRate(0)).isCloseTo(1e-2f / 25, within(1e-9f));
        assertThat(schedule.learningRate(5)).isCloseTo((1e-2f / 25 + 1e-2f) / 2, within(1e-7f));
        assertThat(schedule.learningRate(10)).isCloseTo(1e-2f, within(1e-9f));
    }

    @Test
    void thenDecaysLinearlyToTheFinalRate() {
        // 90 decay steps from step 10 to step 100.
        assertThat(schedule.learningRate(55)).isCloseTo((1e-2f + 1e-6f) / 2, within(1e-7f));
        assertThat(schedule.learningRate(100)).isCloseTo(1e-6f, within(1e-9f));
        assertThat(schedule.learningRate(500)).as("past the end it stays at the final rate")
                .isCloseTo(1e-6f, within(1e-9f));
    }

    @Test
    void risesThenFallsMonotonically() {
        for (int step = 1; step <= 10; step++) {
            assertThat(schedule.learningRate(step)).isGreaterThan(schedule.learningRate(step - 1));
        }
        for (int step = 11; step <= 100; step++) {
            assertThat(schedule.learningRate(step)).isLessThan(schedule.learningRate(step - 1));
        }
    }

    @Test
    void countsDjlUpdatesFromOne() {
        assertThat(schedule.getNewValue(1)).isEqualTo(schedule.learningRate(0));
        assertThat(schedule.getNewValue(11)).isEqualTo(schedule.learningRate(10));
    }

    @Test
    void withoutWarmupStartsAtThePeak() {
        OneCycleSchedule decayOnly = OneCycleSchedule.builder().setPeakLearningRate(1f).setTotalSteps(3)
                .optWarmupFraction(0).optFinalDivisor(2).build();

        assertThat(decayOnly.learningRate(0)).isEqualTo(1f);
        assertThat(decayOnly.learningRate(1)).isEqualTo(0.75f);
        assertThat(decayOnly.learningRate(2)).isEqualTo(0.5f);
    }

    @Test
    void aSingleStepRunUsesThePeak() {
        OneCycleSchedule one = OneCycleSchedule.builder().setPeakLearningRate(2f).setTotalSteps(1).build();

        assertThat(one.learningRate(0)).isEqualTo(2f);
    }

    @Test
    void rejectsImpossibleSchedules() {
        assertThatThrownBy(() -> OneCycleSchedule.builder().setPeakLearningRate(1).setTotalSteps(0).build())
                .hasMessageContaining("at least one step");
        assertThatThrownBy(() -> OneCycleSchedule.builder().setPeakLearningRate(-1).setTotalSteps(5).build())
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> OneCycleSchedule.builder().setPeakLearningRate(1).setTotalSteps(5)
                .optWarmupFraction(1).build()).hasMessageContaining("warm-up fraction");
    }
}
