package dev.aimengine.operator.service.inference;

import dev.aimengine.operator.api.v1alpha1.AIMServiceSpec;
import dev.aimengine.operator.api.v1alpha1.AIMServiceStatus.RuntimeStatus;
import dev.aimengine.operator.service.inference.HpaReplicas;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RuntimeStatusCalculatorTest {

    static AIMServiceSpec spec(Integer replicas, Integer min, Integer max) {
        AIMServiceSpec spec = new AIMServiceSpec();
        spec.replicas = replicas;
        spec.minReplicas = min;
        spec.maxReplicas = max;
        return spec;
    }

    static String all(RuntimeStatus s) {
        return s.currentReplicas + "," + s.desiredReplicas + "," + s.minReplicas + "," + s.maxReplicas + " " + s.replicas;
    }

    @Test
    void withoutHpaEverythingIsTheFixedCount() {
        assertEquals("1,1,1,1 1", all(RuntimeStatusCalculator.compute(null, null)));
        assertEquals("1,1,1,1 1", all(RuntimeStatusCalculator.compute(spec(null, null, null), null)));
        assertEquals("3,3,3,3 3", all(RuntimeStatusCalculator.compute(spec(3, null, null), null)));
        assertEquals("2,2,2,2 2", all(RuntimeStatusCalculator.compute(spec(3, 2, 5), null)),
                "minReplicas wins over replicas until the HPA exists");
    }

    @Test
    void hpaCountsAndTheAutoscalingDisplay() {
        assertEquals("2,3,1,3 2/3 (1-3)",
                all(RuntimeStatusCalculator.compute(spec(1, 1, 3), new HpaReplicas(1, 3, 2, 3))));
        assertEquals("2,2,2,2 2",
                all(RuntimeStatusCalculator.compute(spec(1, 2, 2), new HpaReplicas(2, 2, 2, 2))));
        assertEquals("0,0,1,4 0/0 (1-4)",
                all(RuntimeStatusCalculator.compute(spec(1, 1, 4), new HpaReplicas(null, 4, null, null))));
    }

    @Test
    void displayStrings() {
        assertEquals("3", RuntimeStatusCalculator.display(3, 3, 3, 3));
        assertEquals("1", RuntimeStatusCalculator.display(1, 2, 2, 2));
        assertEquals("1/2 (1-5)", RuntimeStatusCalculator.display(1, 2, 1, 5));
    }
}
