package dev.deletionjobs.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The project's own Markdown: README and what is under docs/ and bench/, which the documentation tests read. */
final class Documents {

    static final Path ROOT = Path.of("").toAbsolutePath();

    private Documents() {
    }

    /** README first, then every Markdown file under docs/ and bench/, in name order. */
    static List<Path> all() {
        List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        for (String folder : List.of("docs", "bench")) {
            Path directory = ROOT.resolve(folder);
            if (Files.isDirectory(directory)) {
                try (Stream<Path> files = Files.walk(directory)) {
                    files.filter(path -> path.toString().endsWith(".md"))
                            // Installed packages (the benchmark's peer) are not ours to document.
                            .filter(path -> !path.toString().contains("node_modules"))
                            .sorted().forEach(documents::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return documents;
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
