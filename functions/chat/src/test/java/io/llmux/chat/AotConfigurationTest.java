package io.llmux.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.core.io.service.SoftServiceLoader;
import io.micronaut.inject.BeanDefinitionReference;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Micronaut AOT (src/main/aot/aot.properties) lists the function's beans at build time and leaves
 * out those whose requirements do not hold in the build, which sees none of a deployment's
 * environment variables. Every LLMux bean that configuration switches on must therefore be kept
 * by name, or the Lambda jar would silently lose it (the DynamoDB stores, say). This test holds
 * that list to the beans on the class path, so that adding such a bean without listing it fails here.
 */
class AotConfigurationTest {

    private static final Path CONFIG = Path.of("src/main/aot/aot.properties");
    private static final Set<String> CONFIGURATION_MEMBERS = Set.of("property", "missingProperty", "env", "notEnv", "condition");

    @Test
    void everyLlmuxBeanThatConfigurationSwitchesOnIsKeptByAot() throws IOException {
        Set<String> kept = forceIncluded();
        Set<String> switchable = switchableLlmuxBeans();
        // A sanity floor: the DynamoDB stores and the development tenant are among them.
        assertFalse(switchable.isEmpty());
        Set<String> missing = new TreeSet<>(switchable);
        missing.removeAll(kept);
        assertEquals(Set.of(), missing, "add these to serviceloading.force.include.impls in " + CONFIG);
        Set<String> stale = kept.stream().filter(name -> name.startsWith("io.llmux.")).collect(Collectors.toCollection(TreeSet::new));
        stale.removeAll(switchable);
        assertEquals(Set.of(), stale, "these names in " + CONFIG + " are no longer conditional LLMux beans");
    }

    @Test
    void theAotSwitchesThatWouldChangeBehaviourStayOff() throws IOException {
        Properties config = config();
        // A build-time environment or logback configuration would fix what the deployment sets
        // at run time (the environment names, LLMUX_LOG_LEVEL).
        assertEquals("false", config.getProperty("deduce.environment.enabled"));
        assertEquals("false", config.getProperty("logback.xml.to.java.enabled"));
    }

    private static Set<String> switchableLlmuxBeans() {
        List<BeanDefinitionReference> references = new ArrayList<>();
        SoftServiceLoader.load(BeanDefinitionReference.class).collectAll(references);
        Set<String> names = new TreeSet<>();
        for (BeanDefinitionReference<?> reference : references) {
            String name = reference.getClass().getName();
            if (!name.startsWith("io.llmux.") || isTestClass(reference.getClass())) {
                continue;
            }
            for (AnnotationValue<Requires> requires : reference.getAnnotationMetadata().getAnnotationValuesByType(Requires.class)) {
                if (requires.getValues().keySet().stream().map(Object::toString).anyMatch(CONFIGURATION_MEMBERS::contains)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static boolean isTestClass(Class<?> type) {
        var source = type.getProtectionDomain().getCodeSource();
        return source != null && source.getLocation().getPath().contains("test-classes");
    }

    private static Set<String> forceIncluded() throws IOException {
        return Arrays.stream(config().getProperty("serviceloading.force.include.impls", "").split(","))
                .map(String::trim)
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Properties config() throws IOException {
        Properties config = new Properties();
        try (Reader reader = Files.newBufferedReader(CONFIG)) {
            config.load(reader);
        }
        return config;
    }
}
