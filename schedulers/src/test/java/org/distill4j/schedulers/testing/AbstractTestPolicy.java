package org.distill4j.schedulers.testing;

import org.distill4j.policies.Policy;

public abstract class AbstractTestPolicy extends Policy {
}
