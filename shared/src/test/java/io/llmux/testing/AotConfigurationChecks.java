package io.llmux.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.core.io.service.SoftServiceLoader;
import io.micronaut.inject.BeanDefinitionReference;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a Lambda function's Micronaut AOT configuration (its src/main/aot/aot.properties, read by the
 * root POM's lambda-aot profile) must hold for the function to behave as it does without AOT,
 * checked against the calling module's test class path. One copy for every function that has such
 * a configuration (chat, admin): each module's AotConfigurationTest calls these checks.
 *
 * <p>Micronaut AOT lists the function's beans at build time and leaves out those whose requirements
 * do not hold in the build, which sees none of a deployment's environment variables. Every LLMux
 * bean that configuration switches on must therefore be kept by name, or the Lambda jar would
 * silently lose it (the DynamoDB stores, say).
 */
public final class AotConfigurationChecks {

    /** Relative to the module, where surefire runs its tests. */
    public static final Path CONFIG = Path.of("src/main/aot/aot.properties");

    private static final Set<String> CONFIGURATION_MEMBERS = Set.of("property", "missingProperty", "env", "notEnv", "condition");
    private static final String MICRONAUT_SERVICES = "META-INF/micronaut/";
    /** Read by GraalVM native-image builds only, never by a JVM. */
    private static final Set<String> NATIVE_IMAGE_ONLY = Set.of("io.micronaut.core.graal.GraalReflectionConfigurer");

    private AotConfigurationChecks() {
    }

    /**
     * serviceloading.force.include.impls names exactly the LLMux beans on the class path whose
     * {@code @Requires} depends on a property, an environment or a condition: a new one missing
     * from the list fails, and so does a listed one that is no longer conditional.
     */
    public static void everyLlmuxBeanThatConfigurationSwitchesOnIsKept() throws IOException {
        Set<String> kept = listed("serviceloading.force.include.impls");
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

    /**
     * A build-time environment or logback configuration would fix what the deployment sets at run
     * time (the environment names, LLMUX_LOG_LEVEL).
     */
    public static void theSwitchesThatWouldChangeBehaviourStayOff() throws IOException {
        Properties config = config();
        assertEquals("false", config.getProperty("deduce.environment.enabled"));
        assertEquals("false", config.getProperty("logback.xml.to.java.enabled"));
    }

    /**
     * The Lambda jar leaves out its META-INF/micronaut/ directory entry (build/RewriteLambdaJar.java),
     * so that Micronaut does not open the whole jar a second time at start to list that directory.
     * It then finds the services stored there only through Micronaut AOT's lists: a service type
     * stored there that service.types does not name would lose all its implementations in the Lambda.
     */
    public static void everyServiceTypeStoredUnderMetaInfMicronautIsListed() throws IOException, URISyntaxException {
        Set<String> stored = micronautServiceTypesOnTheClassPath();
        // A sanity floor: the bean definitions are stored there.
        assertTrue(stored.contains(BeanDefinitionReference.class.getName()), stored.toString());
        Set<String> unlisted = new TreeSet<>(stored);
        unlisted.removeAll(listed("service.types"));
        unlisted.removeAll(NATIVE_IMAGE_ONLY);
        assertEquals(Set.of(), unlisted, "add these to service.types in " + CONFIG);
    }

    /** The folder names under META-INF/micronaut/ in every jar and class folder of the class path. */
    private static Set<String> micronautServiceTypesOnTheClassPath() throws IOException, URISyntaxException {
        ClassLoader loader = AotConfigurationChecks.class.getClassLoader();
        Set<String> types = new TreeSet<>();
        // Every jar has a manifest; not every jar has directory entries, so the jars are listed whole.
        for (URL manifest : Collections.list(loader.getResources(JarFile.MANIFEST_NAME))) {
            if (manifest.openConnection() instanceof JarURLConnection connection) {
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    jar.stream().map(entry -> entry.getName())
                            .filter(name -> name.startsWith(MICRONAUT_SERVICES) && name.length() > MICRONAUT_SERVICES.length())
                            .map(name -> name.substring(MICRONAUT_SERVICES.length()).split("/")[0])
                            .forEach(types::add);
                }
            }
        }
        for (URL folder : Collections.list(loader.getResources(MICRONAUT_SERVICES))) {
            if ("file".equals(folder.getProtocol())) {
                try (Stream<Path> children = Files.list(Path.of(folder.toURI()))) {
                    children.map(child -> child.getFileName().toString()).forEach(types::add);
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }
        }
        return types;
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

    /** A module's test classes, or shared's test-jar (a folder or a jar, as the reactor resolves it). */
    private static boolean isTestClass(Class<?> type) {
        var source = type.getProtectionDomain().getCodeSource();
        if (source == null) {
            return false;
        }
        String location = source.getLocation().getPath();
        return location.contains("test-classes") || location.endsWith("-tests.jar");
    }

    /** The names a comma-separated entry of aot.properties lists. */
    private static Set<String> listed(String key) throws IOException {
        return Arrays.stream(config().getProperty(key, "").split(","))
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
