package org.distill4j.schedulers.testing;

/** Not a policy; its static initialiser records that it ran (it must not, when a recipe names it). */
public class NotAPolicy {
    static {
        InitialisationTracker.INITIALISED.add(NotAPolicy.class.getName());
    }
}
