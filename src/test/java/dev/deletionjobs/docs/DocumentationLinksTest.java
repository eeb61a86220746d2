package dev.deletionjobs.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Every relative link in README and the Markdown under docs/ and bench/ leads somewhere: the file exists, and a
 * {@code #fragment} names a heading of it, as GitHub renders headings to anchors.
 */
class DocumentationLinksTest {

    private static final Path ROOT = Documents.ROOT;
    // [text](target) outside code spans; the target stops at whitespace or the closing parenthesis.
    private static final Pattern LINK = Pattern.compile("\\[[^\\]\\n]*+\\]\\(([^)\\s]++)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}[ \\t]++(.+?)[ \\t]*+$", Pattern.MULTILINE);
    private static final Pattern FENCE = Pattern.compile("^```.*?^```", Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`\\n]*+`");

    @Test
    void everyRelativeLinkLeadsToAFileAndHeadingThatExist() {
        List<String> dead = new ArrayList<>();
        List<Path> documents = Documents.all();
        assertTrue(documents.contains(ROOT.resolve("README.md")), "README.md is read");
        for (Path document : documents) {
            Matcher link = LINK.matcher(prose(Documents.read(document)));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
                    continue; // http:, https:, mailto: lead off this repository
                }
                String problem = problem(document, target);
                if (problem != null) {
                    dead.add(ROOT.relativize(document) + ": " + target + " (" + problem + ")");
                }
            }
        }
        assertEquals(List.of(), dead, "dead relative links");
    }

    @Test
    void anchorsAreGitHubs() {
        assertEquals("choosing-a-store", anchor("Choosing a store"));
        assertEquals("the-api-awsjson-11", anchor("The API: awsJson 1.1"));
        assertEquals("limits-and-what-a-caller-gets-past-them", anchor("Limits, and what a caller gets past them"));
        assertEquals("personalizeworkerjob-timeout", anchor("`personalize.worker.job-timeout`"));
    }

    private static String problem(Path document, String target) {
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String fragment = hash < 0 ? null : target.substring(hash + 1);
        Path linked = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
        if (!linked.startsWith(ROOT) || !Files.exists(linked)) {
            return "no such file";
        }
        if (fragment == null || fragment.isEmpty()) {
            return null;
        }
        if (!linked.toString().endsWith(".md")) {
            return "a fragment into a file that is not Markdown";
        }
        return anchors(Documents.read(linked)).contains(fragment) ? null : "no heading with that anchor";
    }

    private static Set<String> anchors(String markdown) {
        Set<String> anchors = new HashSet<>();
        Matcher heading = HEADING.matcher(FENCE.matcher(markdown).replaceAll(""));
        while (heading.find()) {
            String anchor = anchor(heading.group(1));
            // GitHub numbers repeated headings: the second "Example" is #example-1.
            String unique = anchor;
            for (int n = 1; !anchors.add(unique); n++) {
                unique = anchor + "-" + n;
            }
        }
        return anchors;
    }

    /** GitHub's anchor of a heading: lower case, punctuation but hyphens and underscores dropped, spaces as hyphens. */
    static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}\\s_-]", "")
                .replace(' ', '-');
    }

    /** The text outside fenced code blocks and code spans, where a bracket is code, not a link. */
    private static String prose(String markdown) {
        return CODE_SPAN.matcher(FENCE.matcher(markdown).replaceAll("")).replaceAll("");
    }
}
