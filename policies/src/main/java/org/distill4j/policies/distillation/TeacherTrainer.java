package org.distill4j.policies.distillation;

import java.nio.file.Path;

/**
 * Turns a teacher <em>recipe</em> into a trained model file, for
 * {@link KnowledgeDistillationPolicy}'s {@code teacher: some-teacher.yaml}. The policies module
 * cannot train a recipe itself (the training loop lives in {@code distill4j-framework}, which
 * depends on this module), so the framework provides the implementation through
 * {@code META-INF/services/org.distill4j.policies.distillation.TeacherTrainer}
 * ({@code org.distill4j.framework.experiment.TeacherCache}: trains once, then reuses the model while
 * the recipe text is unchanged).
 */
public interface TeacherTrainer {

    /**
     * The DL4J model zip of the recipe's trained network, training it first when needed.
     *
     * @param recipe an existing recipe file (absolute)
     */
    Path trainedModel(Path recipe);
}
