package org.distill4j.framework.models;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.learning.GradientUpdater;

/** The state and step of {@link SgdMomentum}: one velocity per parameter, updated in place. */
final class SgdMomentumUpdater implements GradientUpdater<SgdMomentum> {
    static final String VELOCITY = "V";
    private final SgdMomentum config;
    private INDArray velocity;

    SgdMomentumUpdater(SgdMomentum config) {
        this.config = config;
    }

    @Override
    public SgdMomentum getConfig() {
        return config;
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        if (initialize) {
            viewArray.assign(0);
        }
        velocity = Shape.newShapeNoCopy(viewArray, gradientShape, gradientOrder == 'f');
        if (velocity == null) {
            throw new IllegalStateException("could not reshape the momentum state to the gradient's shape");
        }
    }

    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        if (!stateMap.containsKey(VELOCITY) || stateMap.size() != 1) {
            throw new IllegalStateException("state map should hold only [" + VELOCITY + "] but has " + stateMap.keySet());
        }
        velocity = stateMap.get(VELOCITY);
        if (initialize) {
            velocity.assign(0);
        }
    }

    @Override
    public Map<String, INDArray> getState() {
        return Map.of(VELOCITY, velocity);
    }

    /** Turns the gradient into the step DL4J subtracts: {@code v = m*v + g; g = lr*v}. */
    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        INDArray g = gradient.reshape(velocity.shape());
        velocity.muli(config.momentum()).addi(g);
        g.assign(velocity).muli(config.getLearningRate(iteration, epoch));
    }
}
