package org.distill4j.schedulers.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.distill4j.policies.config.Located;
import org.distill4j.policies.config.RecipeException;
import org.junit.jupiter.api.Test;

class YamlPolicyArgsTest {
    enum Structure { ELEMENT, CHANNELS, FILTERS }

    private static YamlPolicyArgs args(String yaml) {
        return YamlPolicyArgs.of("fc", yaml, "a.yaml");
    }

    @Test
    void typedGettersReadTheirValuesAndDefaults() {
        YamlPolicyArgs a = args("""
                rate: 0.5
                steps: 3
                on: true
                name: fc1.W
                milestones: [10, 20]
                """);
        assertEquals(0.5, a.getDouble("rate"));
        assertEquals(3, a.getInt("steps"));
        assertEquals(3.0, a.getDouble("steps")); // an integer is a number
        assertEquals(true, a.getBoolean("on", false));
        assertEquals("fc1.W", a.getString("name"));
        assertEquals(List.of(10, 20), a.getIntList("milestones"));
        assertEquals(7, a.getInt("absent", 7));
        assertEquals("d", a.getString("absent2", "d"));
        a.requireAllKnown();
    }

    @Test
    void aWrongTypeIsLocatedAtTheValue() {
        RecipeException e = assertThrows(RecipeException.class, () -> args("rate: high").getDouble("rate"));
        assertEquals("a.yaml:1:7", e.location().toString());
        assertTrue(e.problem().contains("fc.rate: expected a number, got a string 'high'"), e.getMessage());
    }

    @Test
    void aMissingRequiredKeyIsLocatedAtTheMapping() {
        RecipeException e = assertThrows(RecipeException.class, () -> args("x: 1").getDouble("rate"));
        assertEquals("a.yaml:1:1", e.location().toString());
        assertTrue(e.problem().contains("missing required key 'rate'"), e.getMessage());
    }

    @Test
    void requireAllKnownNamesTheFirstUnaskedKeyAndTheNearestAskedOne() {
        YamlPolicyArgs a = args("final_sparsity: 0.9\nfinal_sparsty: 0.8\n");
        a.getDouble("final_sparsity", 0.5);
        RecipeException e = assertThrows(RecipeException.class, a::requireAllKnown);
        assertEquals("a.yaml:2:1", e.location().toString());
        assertTrue(e.problem().contains("unknown key 'final_sparsty'"), e.getMessage());
        assertTrue(e.problem().contains("did you mean 'final_sparsity'?"), e.getMessage());
    }

    @Test
    void hasMarksAKeyAsKnown() {
        YamlPolicyArgs a = args("flag: 1");
        assertTrue(a.has("flag"));
        a.requireAllKnown();
    }

    @Test
    void enumsMatchCaseInsensitivelyAndNameTheNearestOtherwise() {
        assertEquals(Structure.CHANNELS, args("s: Channels").getEnum("s", Structure.class, Structure.ELEMENT));
        assertEquals(Structure.ELEMENT, args("{}").getEnum("s", Structure.class, Structure.ELEMENT));
        RecipeException e = assertThrows(RecipeException.class,
                () -> args("s: filter").getEnum("s", Structure.class, Structure.ELEMENT));
        assertTrue(e.problem().contains("did you mean 'filters'?"), e.getMessage());
    }

    @Test
    void aSingleStringIsAOneElementStringListWithItsLocation() {
        List<Located<String>> one = args("weights: fc1.W").getStringList("weights");
        assertEquals(1, one.size());
        assertEquals("fc1.W", one.get(0).value());
        assertEquals("a.yaml:1:10", one.get(0).location().toString());
        List<Located<String>> two = args("weights: [fc1.W, fc2.W]").getStringList("weights");
        assertEquals("a.yaml:1:18", two.get(1).location().toString());
    }

    @Test
    void aDoubleMapCarriesEachKeysLocation() {
        Map<String, Located<Double>> levels = args("levels:\n  fc1.W: 0.5\n  fc2.W: 0.25\n").getDoubleMap("levels");
        assertEquals(0.25, levels.get("fc2.W").value());
        assertEquals("a.yaml:3:3", levels.get("fc2.W").location().toString());
    }

    @Test
    void theClassKeyIsNeitherAnArgumentNorUnknown() {
        YamlPolicyArgs a = args("class: X\nrate: 1");
        assertEquals(List.of("rate"), a.keys());
        a.getDouble("rate");
        a.requireAllKnown();
    }

    @Test
    void yamlCoreTypingLeavesYesNoAndDatesAsStringsAndReadsLeadingZerosAsDecimal() {
        YamlPolicyArgs a = args("a: no\nb: 2024-01-01\nc: 012\nd: 0x1F");
        assertEquals("no", a.getString("a"));
        assertEquals("2024-01-01", a.getString("b"));
        assertEquals(12, a.getInt("c"));
        assertEquals("0x1F", a.getString("d"));
    }

    @Test
    void infinityIsNotAcceptedAsANumber() {
        RecipeException e = assertThrows(RecipeException.class, () -> args("r: .inf").getDouble("r"));
        assertTrue(e.problem().contains("finite"), e.getMessage());
    }
}
