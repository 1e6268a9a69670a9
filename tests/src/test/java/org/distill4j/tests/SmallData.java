package org.distill4j.tests;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.distill4j.framework.cli.DistillCommand;

/** Helpers for end-to-end tests on the real 2000/500-image Fashion-MNIST subset in the test resources. */
final class SmallData {
    private SmallData() {
    }

    static Path folder() {
        try {
            return Path.of(SmallData.class.getResource("/fashion-mnist-small").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A recipe file in {@code dir}; {@code DATA} in the text becomes the subset's folder. */
    static Path recipe(Path dir, String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, text.replace("DATA", folder().toString()));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The result of one command line. */
    record Outcome(int status, String out, String err) {
    }

    static Outcome distill(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = DistillCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(status, out.toString(), err.toString());
    }

    static final String PRUNED_MLP = """
            version: 1
            model: {arch: lenet300_100}
            dataset: {name: fashion-mnist, path: DATA, validation_size: 200}
            training:
              epochs: 3
              batch_size: 64
              seed: 7
              optimizer: {type: sgd, lr: 0.05, momentum: 0.9}
            pruners:
              agp:
                class: AutomatedGradualPruner
                initial_sparsity: 0.3
                final_sparsity: 0.7
                weights: [fc1.W, fc2.W]
            lr_schedulers:
              step: {class: StepLR, step_size: 2, gamma: 0.5}
            policies:
              - pruner: {instance_name: agp}
                starting_epoch: 0
                ending_epoch: 2
              - lr_scheduler: {instance_name: step}
            """;
}
