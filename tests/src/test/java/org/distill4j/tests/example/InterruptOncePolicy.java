package org.distill4j.tests.example;

import java.util.concurrent.atomic.AtomicBoolean;
import org.distill4j.policies.Policy;
import org.distill4j.policies.PolicyContext;

/**
 * Stops a run at the beginning of an epoch in which it is scheduled, once, when a test has armed
 * it: a run interrupted there (its last checkpoint written) can be resumed in the same JVM.
 */
public class InterruptOncePolicy extends Policy {
    public static final AtomicBoolean ARMED = new AtomicBoolean();

    @Override
    public void onEpochBegin(PolicyContext context) {
        if (ARMED.compareAndSet(true, false)) {
            throw new IllegalStateException("interrupted before epoch " + context.epoch() + " (test)");
        }
    }
}
