package org.distill4j.schedulers;

import org.distill4j.policies.Policy;

/**
 * One entry of a recipe's {@code policies:} list, resolved: the section it came from
 * ({@code pruner}, {@code lr_scheduler}, ...), the instance name, the policy and its schedule.
 */
public record ScheduledPolicy(String kind, String instanceName, Policy policy, EpochSchedule schedule) {
}
