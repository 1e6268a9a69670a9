package org.distill4j.schedulers.testing;

import java.util.List;
import org.distill4j.policies.Policy;
import org.distill4j.policies.PolicyContext;

/** Appends {@code name.hook@epoch} to a shared log for every hook call. */
public class RecordingPolicy extends Policy {
    private final String name;
    private final List<String> log;

    public RecordingPolicy(String name, List<String> log) {
        this.name = name;
        this.log = log;
    }

    private void record(String hook, PolicyContext context) {
        log.add(name + "." + hook + "@" + context.epoch());
    }

    @Override
    public void attach(PolicyContext context) {
        record("attach", context);
    }

    @Override
    public void onEpochBegin(PolicyContext context) {
        record("epochBegin", context);
    }

    @Override
    public void onMinibatchBegin(PolicyContext context) {
        record("minibatchBegin", context);
    }

    @Override
    public void beforeOptimizerStep(PolicyContext context) {
        context.gradient(); // must be available here
        record("beforeStep", context);
    }

    @Override
    public void onMinibatchEnd(PolicyContext context) {
        context.loss(); // must be available here
        record("minibatchEnd", context);
    }

    @Override
    public void onEpochEnd(PolicyContext context) {
        record("epochEnd", context);
    }
}
