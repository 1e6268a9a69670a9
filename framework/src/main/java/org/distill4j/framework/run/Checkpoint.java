package org.distill4j.framework.run;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import com.fasterxml.jackson.core.type.TypeReference;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.distill4j.schedulers.CompressionScheduler;
import org.distill4j.schedulers.ScheduledPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The state of a run after a finished epoch: the network with its optimizer state, the masks,
 * what policies keep ({@link org.distill4j.policies.Policy#saveState}) and the metrics so far.
 * Data order, learning rates and pruning targets derive from the seed and the epoch number, so
 * these are all a resumed run needs to end with the same parameters as an uninterrupted one.
 *
 * <p>Layout: {@code checkpoints/epoch-NNNN/} written complete under a temporary name and renamed,
 * then {@code checkpoints/latest} (the folder's name) replaced atomically, then older folders
 * removed. A process killed at any moment leaves the last complete checkpoint readable.
 */
public record Checkpoint(int epoch, MultiLayerNetwork model, Map<String, INDArray> masks,
                         List<Serializable> policyStates, List<Map<String, Object>> history) {

    public static final String FOLDER = "checkpoints";
    private static final String LATEST = "latest";

    /** Writes a checkpoint after {@code epoch} and makes it the latest. */
    public static void save(RunFolder folder, int epoch, MultiLayerNetwork model, CompressionScheduler scheduler,
                            List<Map<String, Object>> history) {
        Path root = folder.resolve(FOLDER);
        String name = String.format("epoch-%04d", epoch);
        Path tmp = root.resolve("." + name + ".tmp");
        try {
            Files.createDirectories(root);
            deleteTree(tmp);
            Files.createDirectories(tmp.resolve("masks"));
            ModelSerializer.writeModel(model, new File(tmp.resolve("model.zip").toString()), true);
            List<String> maskNames = new ArrayList<>();
            for (Map.Entry<String, INDArray> e : scheduler.masks().asMap().entrySet()) {
                Files.write(tmp.resolve("masks").resolve(maskNames.size() + ".npy"), Nd4j.toNpyByteArray(e.getValue()));
                maskNames.add(e.getKey());
            }
            List<Serializable> states = new ArrayList<>();
            for (ScheduledPolicy p : scheduler.policies()) {
                states.add(p.policy().saveState());
            }
            Files.write(tmp.resolve("policies.ser"), serialize(states));
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("epoch", epoch);
            state.put("masks", maskNames);
            state.put("history", history);
            Files.writeString(tmp.resolve("state.json"), Json.write(state));
            Path target = root.resolve(name);
            deleteTree(target);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            folder.writeString(FOLDER + "/" + LATEST, name + "\n");
            try (Stream<Path> old = Files.list(root)) {
                for (Path p : old.filter(p -> p.getFileName().toString().startsWith("epoch-") && !p.equals(target)).toList()) {
                    deleteTree(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint of epoch " + epoch + " in " + root + ": "
                    + e.getMessage(), e);
        }
    }

    /** The latest complete checkpoint of a run folder, if any. */
    public static Optional<Checkpoint> latest(Path runDir) {
        Path root = runDir.resolve(FOLDER);
        Path pointer = root.resolve(LATEST);
        if (!Files.isRegularFile(pointer)) {
            return Optional.empty();
        }
        Path dir = null;
        try {
            dir = root.resolve(Files.readString(pointer, StandardCharsets.UTF_8).strip());
            Map<String, Object> state = Json.mapper().readValue(dir.resolve("state.json").toFile(),
                    new TypeReference<Map<String, Object>>() { });
            MultiLayerNetwork model = ModelSerializer.restoreMultiLayerNetwork(new File(dir.resolve("model.zip").toString()), true);
            @SuppressWarnings("unchecked")
            List<String> maskNames = (List<String>) state.get("masks");
            Map<String, INDArray> masks = new LinkedHashMap<>();
            for (int i = 0; i < maskNames.size(); i++) {
                masks.put(maskNames.get(i), Nd4j.createNpyFromByteArray(Files.readAllBytes(dir.resolve("masks").resolve(i + ".npy"))));
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> history = (List<Map<String, Object>>) state.get("history");
            return Optional.of(new Checkpoint((Integer) state.get("epoch"), model, masks,
                    deserialize(Files.readAllBytes(dir.resolve("policies.ser"))), history));
        } catch (IOException | RuntimeException | ClassNotFoundException e) {
            throw new RunFolderException((dir != null ? dir : pointer) + ": unreadable checkpoint (" + e.getMessage() + ")");
        }
    }

    private static byte[] serialize(List<Serializable> states) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new ArrayList<>(states));
        }
        return bytes.toByteArray();
    }

    /** Reads policy states back, admitting only JDK and distill4j classes (no gadget chains). */
    @SuppressWarnings("unchecked")
    private static List<Serializable> deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(info -> {
                Class<?> type = info.serialClass();
                if (type == null) {
                    return ObjectInputFilter.Status.UNDECIDED;
                }
                while (type.isArray()) {
                    type = type.getComponentType();
                }
                String n = type.getName();
                boolean allowed = type.isPrimitive() || n.startsWith("java.lang.") || n.startsWith("java.util.")
                        || n.startsWith("org.distill4j.");
                return allowed ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
            });
            return (List<Serializable>) in.readObject();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
