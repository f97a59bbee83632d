package dev.clara.nn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WeightDroppedLstmLayerTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = TinyModels.cpuManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void computesTheLstmEquationsWithGatesInIfgoOrder() {
        Engine.getEngine("PyTorch").setRandomSeed(4);
        WeightDroppedLstmLayer layer = new WeightDroppedLstmLayer(3, 5, 0);
        layer.initialize(manager, DataType.FLOAT32, new Shape(2, 4, 3), new Shape(1, 2, 5), new Shape(1, 2, 5));
        NDArray x = manager.randomNormal(new Shape(2, 4, 3));
        NDArray h = manager.randomNormal(new Shape(1, 2, 5));
        NDArray c = manager.randomNormal(new Shape(1, 2, 5));

        NDList out = layer.forward(new ParameterStore(manager, false), new NDList(x, h, c), false);

        NDArray wIh = layer.getParameters().get("i2h_weight").getArray();
        NDArray wHh = layer.getParameters().get("h2h_weight").getArray();
        NDArray bias = layer.getParameters().get("i2h_bias").getArray().add(layer.getParameters().get("h2h_bias").getArray());
        NDArray hPrev = h.get(0);
        NDArray cPrev = c.get(0);
        for (int t = 0; t < 4; t++) {
            NDArray xt = x.get(":, " + t + ", :");
            NDArray gates = xt.matMul(wIh.transpose()).add(hPrev.matMul(wHh.transpose())).add(bias);
            NDArray i = gates.get(":, 0:5").getNDArrayInternal().sigmoid();
            NDArray f = gates.get(":, 5:10").getNDArrayInternal().sigmoid();
            NDArray g = gates.get(":, 10:15").tanh();
            NDArray o = gates.get(":, 15:20").getNDArrayInternal().sigmoid();
            cPrev = f.mul(cPrev).add(i.mul(g));
            hPrev = o.mul(cPrev.tanh());
            assertThat(out.get(0).get(":, " + t + ", :").toFloatArray()).containsExactly(hPrev.toFloatArray(), within(1e-5f));
        }
        assertThat(out.get(1).get(0).toFloatArray()).containsExactly(hPrev.toFloatArray(), within(1e-5f));
        assertThat(out.get(2).get(0).toFloatArray()).containsExactly(cPrev.toFloatArray(), within(1e-5f));
    }
}
