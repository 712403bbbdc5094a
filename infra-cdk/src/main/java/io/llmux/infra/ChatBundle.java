package io.llmux.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Stages the chat function's code: its shaded jar plus {@code run.sh}, the start-up script the
 * Lambda Web Adapter's {@code /opt/bootstrap} executes from the task root (it runs
 * {@code $LAMBDA_TASK_ROOT/$_HANDLER}, so the script must sit beside the jar). The staging
 * directory's content is deterministic, so CDK's content hash changes only when the jar or the
 * script does.
 */
final class ChatBundle {

    static final String JAR = "llmux-function-chat.jar";
    static final String SCRIPT = "run.sh";

    private ChatBundle() {
    }

    static Path stage(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The chat function's jar " + jar.toAbsolutePath().normalize()
                    + " is missing. Build it first: mvn -B -q package -pl functions/chat,functions/admin,functions/quota-reset -am -DskipTests"
                    + " (or point CDK context 'chatJar' at it)");
        }
        try {
            Path directory = Files.createTempDirectory("llmux-chat-bundle");
            Path script = directory.resolve(SCRIPT);
            // Synthesis copies the asset into cdk.out, so the staging copy may go with the JVM
            // (deleted in reverse order: the files, then the directory).
            for (Path path : new Path[] {directory, directory.resolve(JAR), script}) {
                path.toFile().deleteOnExit();
            }
            Files.copy(jar, directory.resolve(JAR), StandardCopyOption.REPLACE_EXISTING);
            try (InputStream source = ChatBundle.class.getResourceAsStream(SCRIPT)) {
                if (source == null) {
                    throw new IllegalStateException(SCRIPT + " is missing from the infra-cdk resources");
                }
                Files.copy(source, script);
            }
            // The adapter execs the script, and the asset zip keeps file modes.
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(directory.resolve(JAR), PosixFilePermissions.fromString("rw-r--r--"));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stage the chat function's code", e);
        }
    }
}
