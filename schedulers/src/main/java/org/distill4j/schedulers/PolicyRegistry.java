package org.distill4j.schedulers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.distill4j.policies.Policy;
import org.distill4j.policies.config.Located;
import org.distill4j.policies.config.PolicyArgs;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.policies.config.Suggestions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a recipe's {@code class:} value into a {@link Policy}. Nothing else is ever instantiated
 * from a recipe.
 *
 * <p>Names come from, in this order:
 * <ol>
 *   <li>{@link PolicyProvider}s found by {@link ServiceLoader} (built-ins under their Distiller names);</li>
 *   <li>{@code META-INF/services/org.distill4j.policies.Policy} files, whose classes are registered
 *       under their simple names. These files are read directly rather than through
 *       {@code ServiceLoader.load(Policy.class)}: ServiceLoader insists on a public no-argument
 *       constructor even just to report a provider's type, and policies take {@code (PolicyArgs)}.
 *       Classes are loaded without being initialised;</li>
 *   <li>{@link #register} calls.</li>
 * </ol>
 * A name registered twice for different classes is an error at discovery. Every discovered class
 * is logged with where it was loaded from (built-ins at debug, others at info).
 *
 * <p>A {@code class:} that is not a registered name may be the full name of a user's subclass of
 * {@link Policy}; it is loaded without initialisation and accepted only if it is a concrete,
 * public subclass of {@link Policy}.
 */
public final class PolicyRegistry {
    /** The service file listing policy classes directly (registered under simple names). */
    public static final String POLICY_SERVICE_FILE = "META-INF/services/" + Policy.class.getName();

    private static final Logger LOG = LoggerFactory.getLogger(PolicyRegistry.class);

    private final ClassLoader loader;
    private final Map<String, Class<? extends Policy>> byName = new TreeMap<>();
    private final Map<String, String> origin = new TreeMap<>();

    private PolicyRegistry(ClassLoader loader) {
        this.loader = loader;
    }

    /** A registry with nothing registered; full class names still resolve through {@code loader}. */
    public static PolicyRegistry empty(ClassLoader loader) {
        return new PolicyRegistry(loader);
    }

    /** Discovers providers and policy service files on the context class loader (or this class's). */
    public static PolicyRegistry discover() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return discover(context != null ? context : PolicyRegistry.class.getClassLoader());
    }

    /** Discovers {@link PolicyProvider}s and {@value #POLICY_SERVICE_FILE} files visible to {@code loader}. */
    public static PolicyRegistry discover(ClassLoader loader) {
        PolicyRegistry registry = new PolicyRegistry(loader);
        for (PolicyProvider provider : ServiceLoader.load(PolicyProvider.class, loader)) {
            String from = "provider " + provider.getClass().getName();
            for (Map.Entry<String, Class<? extends Policy>> e : provider.policies().entrySet()) {
                registry.add(e.getKey(), e.getValue(), from);
            }
        }
        try {
            Enumeration<URL> files = loader.getResources(POLICY_SERVICE_FILE);
            while (files.hasMoreElements()) {
                registry.readServiceFile(files.nextElement());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + POLICY_SERVICE_FILE, e);
        }
        return registry;
    }

    /**
     * Registers a policy class under a name.
     *
     * @throws IllegalStateException when the name is taken by another class
     */
    public PolicyRegistry register(String name, Class<? extends Policy> type) {
        add(name, type, "register()");
        return this;
    }

    /** The registered names, sorted. */
    public Set<String> names() {
        return Collections.unmodifiableSet(byName.keySet());
    }

    public Optional<Class<? extends Policy>> lookup(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The class a recipe's {@code class:} names: a registered name, else the full name of a concrete
     * public subclass of {@link Policy} (loaded without initialisation).
     *
     * @throws RecipeException at the value, naming the nearest registered name
     */
    public Class<? extends Policy> resolve(Located<String> className) {
        String name = className.value();
        Class<? extends Policy> registered = byName.get(name);
        if (registered != null) {
            return registered;
        }
        if (!name.contains(".")) {
            throw className.error("unknown policy class '" + name + "'" + Suggestions.hint(name, byName.keySet())
                    + (byName.isEmpty() ? " (no policies are registered; give a full class name)" : ""));
        }
        Class<?> type;
        try {
            type = Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            String simple = name.substring(name.lastIndexOf('.') + 1);
            throw className.error("no class '" + name + "' on the class path"
                    + Suggestions.nearest(simple, byName.keySet()).map(n -> " (did you mean '" + n + "'?)").orElse(""));
        }
        if (!Policy.class.isAssignableFrom(type)) {
            throw className.error("'" + name + "' is not a policy: a class: must extend " + Policy.class.getName());
        }
        if (Modifier.isAbstract(type.getModifiers()) || type.isInterface()) {
            throw className.error("'" + name + "' is abstract: name a concrete subclass");
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            throw className.error("'" + name + "' is not public");
        }
        @SuppressWarnings("unchecked")
        Class<? extends Policy> policyType = (Class<? extends Policy>) type;
        LOG.info("policy class {} from {}", name, sourceOf(policyType));
        return policyType;
    }

    /**
     * Resolves {@code className} and constructs the policy: through a public {@code (PolicyArgs)}
     * constructor if there is one, else a public no-argument constructor (then any argument in the
     * recipe is reported as unknown by {@code requireAllKnown}).
     *
     * <p>A {@link RecipeException} from the constructor propagates as it is; an
     * {@link IllegalArgumentException} becomes a {@link RecipeException} at the policy's mapping;
     * anything else is wrapped in one, with the cause kept.
     */
    public Policy create(Located<String> className, PolicyArgs args) {
        Class<? extends Policy> type = resolve(className);
        Constructor<? extends Policy> constructor;
        boolean takesArgs;
        try {
            constructor = type.getConstructor(PolicyArgs.class);
            takesArgs = true;
        } catch (NoSuchMethodException e) {
            try {
                constructor = type.getConstructor();
                takesArgs = false;
            } catch (NoSuchMethodException e2) {
                throw className.error("'" + type.getName() + "' has neither a public (PolicyArgs) constructor"
                        + " nor a public no-argument one");
            }
        }
        String who = args.instanceName() + " (" + type.getSimpleName() + ")";
        try {
            return takesArgs ? constructor.newInstance(args) : constructor.newInstance();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RecipeException re) {
                throw re;
            }
            if (cause instanceof IllegalArgumentException) {
                throw wrap(new RecipeException(args.location(), who + ": " + cause.getMessage()), cause);
            }
            throw wrap(new RecipeException(args.location(), who + ": constructor failed: " + cause), cause);
        } catch (ReflectiveOperationException | ExceptionInInitializerError e) {
            Throwable cause = e instanceof ExceptionInInitializerError eiie && eiie.getCause() != null ? eiie.getCause() : e;
            throw wrap(new RecipeException(args.location(), who + ": cannot be created: " + cause), cause);
        }
    }

    private static RecipeException wrap(RecipeException e, Throwable cause) {
        e.initCause(cause);
        return e;
    }

    private void add(String name, Class<? extends Policy> type, String from) {
        if (!Policy.class.isAssignableFrom(type)) {
            throw new IllegalStateException(from + " registers " + type.getName() + " as '" + name
                    + "', but it does not extend " + Policy.class.getName());
        }
        Class<? extends Policy> previous = byName.get(name);
        if (previous != null && previous != type) {
            throw new IllegalStateException("policy name '" + name + "' is registered twice: " + previous.getName()
                    + " (" + origin.get(name) + ") and " + type.getName() + " (" + from + ")");
        }
        if (previous == null) {
            byName.put(name, type);
            origin.put(name, from);
            boolean builtIn = sourceOf(type).equals(sourceOf(Policy.class));
            String message = "policy {} -> {} from {} ({})";
            if (builtIn) {
                LOG.debug(message, name, type.getName(), sourceOf(type), from);
            } else {
                LOG.info(message, name, type.getName(), sourceOf(type), from);
            }
        }
    }

    /** Reads one service file: one class name a line, {@code #} starts a comment. */
    private void readServiceFile(URL url) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                int hash = line.indexOf('#');
                String name = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (name.isEmpty()) {
                    continue;
                }
                String from = url + ":" + number;
                Class<?> type;
                try {
                    type = Class.forName(name, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new IllegalStateException(from + ": no class " + name, e);
                }
                if (!Policy.class.isAssignableFrom(type)) {
                    throw new IllegalStateException(from + ": " + name + " does not extend " + Policy.class.getName());
                }
                @SuppressWarnings("unchecked")
                Class<? extends Policy> policyType = (Class<? extends Policy>) type;
                add(type.getSimpleName(), policyType, from);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + url, e);
        }
    }

    private static String sourceOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? "(unknown location)" : source.getLocation().toString();
    }
}
