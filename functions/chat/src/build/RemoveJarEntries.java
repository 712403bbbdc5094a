import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A packaging step of the chat function's Lambda jar (functions/chat/pom.xml, run with the JDK's
 * source launcher after Micronaut AOT has added its classes): rewrites the jar without the named
 * entries, every other entry kept in order with its metadata.
 *
 * <p>Why it exists: the jar's {@code META-INF/micronaut/} directory entry is what lets Micronaut
 * find that directory at start, and finding it makes Micronaut open the 19,000-entry jar a second
 * time as a zip file system to list its services, a tenth of the main thread's start with an AOT
 * cache (docs/lambda.md, "Cold start"). Micronaut AOT already lists every service type stored
 * there, so nothing reads the directory at run time.
 *
 * <p>Usage: {@code java RemoveJarEntries.java JAR ENTRY...}
 */
public final class RemoveJarEntries {

    private RemoveJarEntries() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java RemoveJarEntries.java JAR ENTRY...");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        Set<String> unwanted = new TreeSet<>(Arrays.asList(args).subList(1, args.length));
        Set<String> removed = new TreeSet<>();
        // Beside the jar, created as any build output is (a temporary file would be owner-only).
        Path rewritten = jar.resolveSibling(jar.getFileName() + ".rewritten");
        Files.deleteIfExists(rewritten);
        try (ZipFile in = new ZipFile(jar.toFile());
             ZipOutputStream out = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(rewritten)))) {
            for (ZipEntry entry : Collections.list(in.entries())) {
                if (unwanted.contains(entry.getName())) {
                    removed.add(entry.getName());
                    continue;
                }
                // Name, times, method, CRC, size and extra fields as they were; the compressed size
                // is left to the deflater, which need not produce the same bytes.
                ZipEntry copy = new ZipEntry(entry);
                copy.setCompressedSize(-1);
                out.putNextEntry(copy);
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(rewritten);
            throw e;
        }
        Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING);
        Set<String> absent = new TreeSet<>(unwanted);
        absent.removeAll(removed);
        System.out.println("RemoveJarEntries: removed " + removed + " from " + jar
                + (absent.isEmpty() ? "" : "; not in the jar: " + absent));
    }
}
