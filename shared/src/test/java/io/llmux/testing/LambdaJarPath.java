package io.llmux.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Where a function module's Lambda jar is built, so that a deployment descriptor's path to it
 * (template.yaml's CodeUri) can be held to the build: target/ARTIFACT.jar, written by the root
 * POM's lambda-aot profile (shaded, then Micronaut AOT, then rewritten for start-up) in every
 * module that has src/main/aot/aot.properties. The module's own jar is target/ARTIFACT-classes.jar.
 */
public final class LambdaJarPath {

    /** The root POM's definition of the Lambda jar; its file name must follow the artifactId. */
    private static final String PROFILE_JAR = "<lambda.jar>${project.build.directory}/${project.artifactId}.jar</lambda.jar>";

    private LambdaJarPath() {
    }

    /** codeUri, relative to the repository root, names the Lambda jar its module builds. */
    public static void assertIsTheLambdaJarItsModuleBuilds(Path root, Path codeUri) throws IOException {
        Path target = root.resolve(codeUri).getParent();
        Path module = target.getParent();
        assertEquals("target", target.getFileName().toString(), "CodeUri " + codeUri + " is not in a module's target/");
        assertTrue(Files.isRegularFile(module.resolve("src/main/aot/aot.properties")),
                "CodeUri " + codeUri + ": " + module + " has no src/main/aot/aot.properties, so the lambda-aot profile does not build its Lambda jar");
        assertTrue(Files.readString(root.resolve("pom.xml")).contains(PROFILE_JAR), "the root pom.xml no longer defines " + PROFILE_JAR);
        assertEquals(artifactId(module.resolve("pom.xml")) + ".jar", codeUri.getFileName().toString(), "CodeUri " + codeUri);
    }

    private static String artifactId(Path pom) throws IOException {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element project = factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
            for (Node child = project.getFirstChild(); child != null; child = child.getNextSibling()) {
                if ("artifactId".equals(child.getNodeName())) {
                    return child.getTextContent().strip();
                }
            }
            throw new IllegalStateException(pom + " has no artifactId");
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot read " + pom, e);
        }
    }
}
