package org.distill4j.schedulers;

import java.util.Map;
import org.distill4j.policies.Policy;

/**
 * Contributes policy classes under short names, e.g. {@code "AutomatedGradualPruner"}. Found with
 * {@link java.util.ServiceLoader} through
 * {@code META-INF/services/org.distill4j.schedulers.PolicyProvider}; an implementation needs a
 * public no-argument constructor. The classes themselves are only instantiated when a recipe
 * names them.
 *
 * <p>A library that cannot depend on this module lists its policy classes in
 * {@code META-INF/services/org.distill4j.policies.Policy} instead; they are then registered under
 * their simple class names (see {@link PolicyRegistry}).
 */
public interface PolicyProvider {

    /** Short name → policy class. */
    Map<String, Class<? extends Policy>> policies();
}
