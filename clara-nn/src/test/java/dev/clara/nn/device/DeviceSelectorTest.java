package dev.clara.nn.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

class DeviceSelectorTest {

    private static DeviceSelector withGpus(int count) {
        return new DeviceSelector(() -> count);
    }

    @Test
    void autoUsesTheFirstGpuWhenThereIsOne() {
        assertThat(withGpus(2).select(DevicePolicy.AUTO)).isEqualTo(Device.gpu(0));
        assertThat(withGpus(2).select(DevicePolicy.AUTO, 1)).isEqualTo(Device.gpu(1));
    }

    @Test
    void autoFallsBackToTheCpu() {
        assertThat(withGpus(0).select(DevicePolicy.AUTO)).isEqualTo(Device.cpu());
        assertThat(withGpus(1).select(DevicePolicy.AUTO, 3)).isEqualTo(Device.cpu());
    }

    @Test
    void cpuIsHonouredEvenWithAGpu() {
        assertThat(withGpus(4).select(DevicePolicy.CPU)).isEqualTo(Device.cpu());
    }

    @Test
    void gpuWithoutOneIsAClearError() {
        assertThatThrownBy(() -> withGpus(0).select(DevicePolicy.GPU))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a GPU, but the PyTorch engine finds none");
        assertThatThrownBy(() -> withGpus(1).select(DevicePolicy.GPU, 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("only 1 found");
        assertThat(withGpus(1).select(DevicePolicy.GPU)).isEqualTo(Device.gpu(0));
    }

    @Test
    void parsesTheConfigurationSpelling() {
        assertThat(DevicePolicy.parse("GPU")).isEqualTo(DevicePolicy.GPU);
        assertThat(DevicePolicy.parse(" cpu ")).isEqualTo(DevicePolicy.CPU);
        assertThat(DevicePolicy.parse("")).isEqualTo(DevicePolicy.AUTO);
        assertThatThrownBy(() -> DevicePolicy.parse("tpu")).hasMessageContaining("use auto, cpu or gpu");
    }

    @Test
    void theEngineOnThisMachineAnswersWithAUsableDevice() {
        Device device = DeviceSelector.forPyTorch().select(DevicePolicy.AUTO);

        assertThat(device.isGpu() || device.equals(Device.cpu())).isTrue();
    }
}
