import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The last packaging step of a Lambda function's jar (the root pom.xml's lambda-aot profile, for
 * functions/chat and functions/admin, run with the JDK's source launcher after Micronaut AOT has
 * added its classes): rewrites the jar the way a cold start wants it, every entry kept in order
 * with its name, times and extra fields.
 *
 * <ul>
 * <li>{@code --drop ENTRY} leaves ENTRY out. The jar's {@code META-INF/micronaut/} directory entry
 * is what lets Micronaut find that directory at start, and finding it makes Micronaut open the
 * 20,000-entry jar a second time as a zip file system to list its services: about a tenth of the
 * chat function's main thread start with an AOT cache. Micronaut AOT already lists every service type stored
 * there, so nothing needs to find the directory at run time.
 * <li>{@code --entries stored} writes every entry uncompressed ({@code --entries unchanged} keeps
 * each entry's own method). Without an AOT cache the JVM inflates each class it loads from the jar
 * (about 6,700 for the chat function), on the main thread: about 6% of its start. The chat jar
 * grows from 34 to 86 MB; the zip the CDK stack uploads compresses it back. Only a jar that runs as
 * a jar gains: the managed runtime unpacks a function's jar into its task directory, so the admin
 * function, which only ever runs there, keeps its entries compressed.
 * </ul>
 *
 * <p>docs/lambda.md, "Cold start". Usage: {@code java RewriteLambdaJar.java JAR [--entries stored|unchanged] [--drop ENTRY]...}
 */
public final class RewriteLambdaJar {

    private RewriteLambdaJar() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            usage();
        }
        Path jar = Path.of(args[0]);
        boolean store = false;
        Set<String> unwanted = new TreeSet<>();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--entries" -> {
                    if (++i == args.length) {
                        usage();
                    }
                    store = switch (args[i]) {
                        case "stored" -> true;
                        case "unchanged" -> false;
                        default -> {
                            usage();
                            yield false;
                        }
                    };
                }
                case "--drop" -> {
                    if (++i == args.length) {
                        usage();
                    }
                    unwanted.add(args[i]);
                }
                default -> usage();
            }
        }
        List<String> dropped = new ArrayList<>();
        // Beside the jar, created as any build output is (a temporary file would be owner-only).
        Path rewritten = jar.resolveSibling(jar.getFileName() + ".rewritten");
        Files.deleteIfExists(rewritten);
        try (ZipFile in = new ZipFile(jar.toFile());
             ZipOutputStream out = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(rewritten)))) {
            for (ZipEntry entry : Collections.list(in.entries())) {
                if (unwanted.contains(entry.getName())) {
                    dropped.add(entry.getName());
                    continue;
                }
                out.putNextEntry(copyOf(entry, store));
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
        dropped.forEach(absent::remove);
        System.out.println("RewriteLambdaJar: " + jar + (store ? ", entries stored uncompressed" : "")
                + ", dropped " + dropped + (absent.isEmpty() ? "" : "; not in the jar: " + absent));
    }

    /** The entry's name, times, CRC, size and extra fields; its method STORED, or DEFLATED re-done by the writer. */
    private static ZipEntry copyOf(ZipEntry entry, boolean store) {
        ZipEntry copy = new ZipEntry(entry);
        if (store) {
            // A stored entry's header carries its size and CRC, known from the central directory.
            copy.setMethod(ZipEntry.STORED);
            copy.setCompressedSize(entry.getSize());
        } else {
            // The deflater need not produce the same bytes as the one that wrote the jar.
            copy.setCompressedSize(-1);
        }
        return copy;
    }

    private static void usage() {
        System.err.println("usage: java RewriteLambdaJar.java JAR [--entries stored|unchanged] [--drop ENTRY]...");
        System.exit(2);
    }
}
