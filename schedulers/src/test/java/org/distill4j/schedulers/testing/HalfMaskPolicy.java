package org.distill4j.schedulers.testing;

import org.distill4j.policies.Policy;
import org.distill4j.policies.PolicyContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/** On its first active epoch, masks the first half of the columns of one weight matrix. */
public class HalfMaskPolicy extends Policy {
    private final String parameter;

    public HalfMaskPolicy(String parameter) {
        this.parameter = parameter;
    }

    @Override
    public void onEpochBegin(PolicyContext context) {
        if (context.masks().has(parameter)) {
            return;
        }
        INDArray w = context.parameters().get(parameter);
        INDArray mask = w.ulike().assign(1);
        for (int c = 0; c < w.columns() / 2; c++) {
            mask.getColumn(c).assign(0);
        }
        context.masks().set(parameter, mask);
    }
}
