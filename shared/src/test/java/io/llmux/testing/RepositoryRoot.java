package io.llmux.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout's root directory, where template.yaml and events/ live, whichever module a test runs in. */
public final class RepositoryRoot {

    private RepositoryRoot() {
    }

    public static Path find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("functions/chat/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No LLMux checkout above " + Path.of("").toAbsolutePath());
    }
}
