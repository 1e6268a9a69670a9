package org.distill4j.schedulers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.distill4j.policies.Policy;
import org.distill4j.policies.config.Located;
import org.distill4j.policies.config.RecipeException;
import org.distill4j.policies.config.RecipeLocation;
import org.distill4j.schedulers.recipe.YamlPolicyArgs;
import org.distill4j.schedulers.testing.AbstractTestPolicy;
import org.distill4j.schedulers.testing.CountingPolicy;
import org.distill4j.schedulers.testing.ExplodingPolicy;
import org.distill4j.schedulers.testing.InitialisationTracker;
import org.distill4j.schedulers.testing.NoArgPolicy;
import org.distill4j.schedulers.testing.NotAPolicy;
import org.junit.jupiter.api.Test;

class PolicyRegistryTest {
    private static final RecipeLocation AT = new RecipeLocation("r.yaml", 3, 12);

    private final PolicyRegistry registry = PolicyRegistry.empty(getClass().getClassLoader())
            .register("Counting", CountingPolicy.class);

    private static Located<String> name(String value) {
        return new Located<>(value, AT);
    }

    @Test
    void aRegisteredNameResolvesToItsClass() {
        assertEquals(CountingPolicy.class, registry.resolve(name("Counting")));
    }

    @Test
    void anUnknownShortNameNamesTheNearestRegisteredOne() {
        RecipeException e = assertThrows(RecipeException.class, () -> registry.resolve(name("Countin")));
        assertEquals(AT, e.location());
        assertTrue(e.problem().contains("did you mean 'Counting'?"), e.getMessage());
    }

    @Test
    void aUsersSubclassResolvesByItsFullClassName() {
        Policy p = registry.create(name(NoArgPolicy.class.getName()), YamlPolicyArgs.of("x", "", "r.yaml"));
        assertTrue(p instanceof NoArgPolicy);
    }

    @Test
    void aClassThatIsNotAPolicyIsRefused() {
        RecipeException e = assertThrows(RecipeException.class, () -> registry.resolve(name("java.lang.String")));
        assertEquals(AT, e.location());
        assertTrue(e.problem().contains("'java.lang.String' is not a policy"), e.getMessage());
    }

    @Test
    void aClassThatIsNotAPolicyIsRefusedWithoutBeingInitialised() {
        String notAPolicy = NotAPolicy.class.getName(); // a class literal does not initialise the class
        assertThrows(RecipeException.class, () -> registry.resolve(name(notAPolicy)));
        assertFalse(InitialisationTracker.INITIALISED.contains(notAPolicy));
    }

    @Test
    void anAbstractPolicyIsRefused() {
        RecipeException e = assertThrows(RecipeException.class,
                () -> registry.resolve(name(AbstractTestPolicy.class.getName())));
        assertTrue(e.problem().contains("is abstract"), e.getMessage());
    }

    @Test
    void aMissingClassIsALocatedError() {
        RecipeException e = assertThrows(RecipeException.class, () -> registry.resolve(name("com.example.Nope")));
        assertEquals(AT, e.location());
        assertTrue(e.problem().contains("no class 'com.example.Nope'"), e.getMessage());
    }

    @Test
    void anUnexpectedConstructorFailureIsWrappedWithTheLocationAndCause() {
        YamlPolicyArgs args = YamlPolicyArgs.of("boom", "a: 1", "r.yaml");
        RecipeException e = assertThrows(RecipeException.class,
                () -> registry.create(name(ExplodingPolicy.class.getName()), args));
        assertEquals("r.yaml:1:1", e.location().toString());
        assertTrue(e.problem().contains("boom (ExplodingPolicy): constructor failed"), e.getMessage());
        assertTrue(e.getCause() instanceof IllegalStateException);
    }

    @Test
    void aNameRegisteredTwiceForDifferentClassesIsRefused() {
        assertThrows(IllegalStateException.class, () -> registry.register("Counting", NoArgPolicy.class));
        registry.register("Counting", CountingPolicy.class); // the same class again is fine
    }

    @Test
    void discoveryFindsProvidersAndPolicyServiceFiles() {
        PolicyRegistry discovered = PolicyRegistry.discover(getClass().getClassLoader());
        assertEquals(CountingPolicy.class, discovered.lookup("Counting").orElseThrow()); // TestPolicyProvider
        assertEquals(NoArgPolicy.class, discovered.lookup("NoArgPolicy").orElseThrow()); // service file, simple name
    }
}
