package org.distill4j.schedulers.recipe;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.policies.config.RecipeLocation;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Recipe file → validated {@link Recipe}, in layers: text → YAML node tree (composed safely, see
 * {@link RecipeYaml}) → {@code --set} overrides → validation of every section.
 *
 * <p>Every problem is a {@link RecipeException} whose message starts with {@code file:line:column}
 * (or {@code --set key=value} for an override) and, for a misspelt name, the nearest valid one.
 */
public final class RecipeLoader {
    private RecipeLoader() {
    }

    /**
     * Loads, overrides and validates a recipe file.
     *
     * @param file      the recipe; errors name it as given
     * @param overrides {@code path.to.key=value} strings (without {@code --set}), applied in order
     */
    public static Recipe load(Path file, List<String> overrides) {
        String source = file.toString();
        String text;
        try {
            if (Files.size(file) > 4L * RecipeYaml.MAX_CODE_POINTS) {
                throw new RecipeException(RecipeLocation.of(source), "the recipe is larger than "
                        + RecipeYaml.MAX_CODE_POINTS + " characters");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new RecipeException(RecipeLocation.of(source), "no such recipe file");
        } catch (CharacterCodingException e) {
            throw new RecipeException(RecipeLocation.of(source), "the recipe is not UTF-8 text");
        } catch (IOException e) {
            throw new RecipeException(RecipeLocation.of(source), "cannot read the recipe: " + e);
        }
        Path folder = file.toAbsolutePath().getParent();
        return parse(text, source, Optional.of(file), folder, overrides);
    }

    /**
     * Validates recipe text that did not come from a file (tests, tools).
     *
     * @param sourceName what error locations start with
     * @param baseDir    what relative paths are resolved against (null: the working directory)
     */
    public static Recipe parse(String text, String sourceName, Path baseDir, List<String> overrides) {
        return parse(text, sourceName, Optional.empty(), baseDir, overrides);
    }

    private static Recipe parse(String text, String source, Optional<Path> file, Path baseDir, List<String> overrides) {
        if (text.codePointCount(0, text.length()) > RecipeYaml.MAX_CODE_POINTS) {
            throw new RecipeException(RecipeLocation.of(source), "the recipe is larger than "
                    + RecipeYaml.MAX_CODE_POINTS + " characters");
        }
        Node root = RecipeYaml.compose(text, source);
        Locator locator = new Locator(source);
        if (root == null || Nodes.isNull(root)) {
            throw new RecipeException(new RecipeLocation(source, 1, 1), "the recipe is empty (it needs at least "
                    + "version, model, dataset and training)");
        }
        MappingNode mapping = Nodes.toMapping(root, locator, "the recipe");
        Overrides.apply(mapping, overrides, locator);
        RecipeParser parser = new RecipeParser(locator, baseDir,
                overrides.stream().anyMatch(o -> o.startsWith("training.epochs=") || o.startsWith("training=")));
        parser.parse(mapping);
        return new Recipe(file, source, text, overrides, mapping, locator, parser);
    }
}
