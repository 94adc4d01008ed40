package io.headway.events.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The code the README shows is the code these examples compile and run, to the character. */
class ReadmeSnippetsTest {

    @ParameterizedTest
    @CsvSource({"ConsumerExample.java, consumer", "ReporterExample.java, reporter"})
    void theReadmeShowsTheExampleAsCompiled(String file, String tag) throws IOException {
        String source = Files.readString(Path.of("src/test/java/io/headway/events/docs", file));
        Matcher tagged = Pattern.compile(
                "// tag::" + tag + "\\[]\\n(.*?)\\n\\s*// end::" + tag + "\\[]", Pattern.DOTALL).matcher(source);
        assertThat(tagged.find()).as("a tagged snippet in " + file).isTrue();
        String snippet = tagged.group(1).stripIndent();

        assertThat(Files.readString(Path.of("..", "README.md"))).contains(snippet);
    }
}
