package org.distill4j.schedulers.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Classes whose static initialiser has run. */
public final class InitialisationTracker {
    public static final List<String> INITIALISED = Collections.synchronizedList(new ArrayList<>());

    private InitialisationTracker() {
    }
}
