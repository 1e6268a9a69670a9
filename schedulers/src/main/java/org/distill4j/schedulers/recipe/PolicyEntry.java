package org.distill4j.schedulers.recipe;

import org.distill4j.policies.config.RecipeLocation;
import org.distill4j.schedulers.EpochSchedule;

/**
 * One entry of the recipe's {@code policies:} list, validated.
 *
 * @param kind         which section the instance comes from
 * @param instanceName the scheduled instance (defined in that section)
 * @param schedule     {@code starting_epoch} (default 0), {@code ending_epoch} (exclusive; default
 *                     {@code training.epochs}), {@code frequency} (default 1) — or {@code epochs: [..]}
 * @param location     where the entry is
 */
public record PolicyEntry(PolicyKind kind, String instanceName, EpochSchedule schedule, RecipeLocation location) {
}
