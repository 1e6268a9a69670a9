/**
 * Knowledge distillation as a scheduled policy: {@link org.distill4j.policies.distillation.KnowledgeDistillationPolicy}
 * swaps the student's output-layer loss for {@link org.distill4j.policies.distillation.DistillationLoss}
 * in the epochs its schedule names; a recipe teacher is trained through a
 * {@link org.distill4j.policies.distillation.TeacherTrainer}.
 */
package org.distill4j.policies.distillation;
