package org.distill4j.schedulers.testing;

import org.distill4j.policies.Policy;

/** A policy without arguments. */
public class NoArgPolicy extends Policy {
}
