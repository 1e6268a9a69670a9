package org.distill4j.framework.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.core.type.TypeReference;

/**
 * run.json: what {@code distill run --resume} needs to rebuild a run — the recipe file, the
 * {@code --set} overrides and the recipe's hash (a recipe edited since is refused).
 */
public record RunManifest(String recipe, List<String> overrides, String recipeSha256) {
    public static final String FILE = "run.json";

    public void write(RunFolder folder) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recipe", recipe);
        m.put("overrides", overrides);
        m.put("recipe_sha256", recipeSha256);
        folder.writeString(FILE, Json.write(m));
    }

    public static RunManifest read(Path runDir) {
        Path file = runDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new RunFolderException(runDir + ": not a run folder (no " + FILE + ")");
        }
        try {
            Map<String, Object> m = Json.mapper().readValue(file.toFile(), new TypeReference<Map<String, Object>>() { });
            @SuppressWarnings("unchecked")
            List<String> overrides = (List<String>) m.get("overrides");
            return new RunManifest((String) m.get("recipe"), overrides, (String) m.get("recipe_sha256"));
        } catch (IOException | RuntimeException e) {
            throw new RunFolderException(file + ": unreadable (" + e.getMessage() + ")");
        }
    }
}
