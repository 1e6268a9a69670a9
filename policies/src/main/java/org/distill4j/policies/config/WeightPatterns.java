package org.distill4j.policies.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parameter names from a recipe ({@code fc1.W}) or regular expressions over them ({@code fc.*\.W}).
 * A pattern is first compared literally, then as a regular expression matching the whole name.
 */
public final class WeightPatterns {
    private final List<Located<String>> patterns;

    public WeightPatterns(List<Located<String>> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    public List<Located<String>> patterns() {
        return patterns;
    }

    /**
     * The parameter names matched, in the order of {@code names}. A pattern that matches nothing,
     * or is not a valid regular expression, is a {@link RecipeException} at the pattern.
     */
    public List<String> resolve(Collection<String> names) {
        Set<String> matched = new LinkedHashSet<>();
        for (Located<String> pattern : patterns) {
            List<String> hits = matches(pattern, names);
            if (hits.isEmpty()) {
                throw pattern.error("'" + pattern.value() + "' matches no parameter"
                        + Suggestions.hint(pattern.value(), names));
            }
            matched.addAll(hits);
        }
        List<String> ordered = new ArrayList<>();
        for (String name : names) {
            if (matched.contains(name)) {
                ordered.add(name);
            }
        }
        return ordered;
    }

    /** The names one pattern matches (literally, else as a whole-name regular expression). */
    public static List<String> matches(Located<String> pattern, Collection<String> names) {
        if (names.contains(pattern.value())) {
            return List.of(pattern.value());
        }
        Pattern regex;
        try {
            regex = Pattern.compile(pattern.value());
        } catch (PatternSyntaxException e) {
            throw pattern.error("'" + pattern.value() + "' is neither a parameter name nor a valid regular expression: "
                    + e.getDescription());
        }
        List<String> hits = new ArrayList<>();
        for (String name : names) {
            if (regex.matcher(name).matches()) {
                hits.add(name);
            }
        }
        return hits;
    }
}
